package dev.agentsession.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.session.CreateSessionRequest;
import org.springframework.ai.session.DefaultSessionService;
import org.springframework.ai.session.EventFilter;
import org.springframework.ai.session.InMemorySessionRepository;
import org.springframework.ai.session.SessionEvent;
import org.springframework.ai.session.SessionRepository;
import org.springframework.ai.session.SessionService;
import org.springframework.ai.session.jdbc.H2JdbcSessionRepositoryDialect;
import org.springframework.ai.session.jdbc.JdbcSessionRepository;
import org.springframework.ai.session.jdbc.JdbcSessionRepositoryDialect;
import org.springframework.ai.session.jdbc.MysqlJdbcSessionRepositoryDialect;
import org.springframework.ai.session.jdbc.PostgresJdbcSessionRepositoryDialect;
import org.jspecify.annotations.Nullable;

/**
 * spring-ai-session 0.6 (org.springaicommunity): its {@link SessionService} on its in-memory or JDBC repository.
 * An append is {@code appendMessage}, a read {@code getEvents} with {@code lastN(20)}. The history is written with
 * one {@code compactEvents} call (a batch insert), the fastest way its API offers.
 */
final class SpringAiSessionPeer implements PeerStore {

    private final SessionRepository repository;

    private final SessionService service;

    private final @Nullable PeerDatabase database;

    private SpringAiSessionPeer(SessionRepository repository, @Nullable PeerDatabase database) {
        this.repository = repository;
        this.service = DefaultSessionService.builder().sessionRepository(repository).build();
        this.database = database;
    }

    static SpringAiSessionPeer memory() {
        return new SpringAiSessionPeer(InMemorySessionRepository.builder().build(), null);
    }

    static SpringAiSessionPeer jdbc(Backend backend) throws Exception {
        String suffix = (backend == Backend.MARIADB) ? "mysql" : backend.name().toLowerCase(java.util.Locale.ROOT);
        PeerDatabase database = PeerDatabase.open(backend,
                "org/springframework/ai/session/jdbc/schema-" + suffix + ".sql");
        JdbcSessionRepositoryDialect dialect = switch (backend) {
            case H2 -> new H2JdbcSessionRepositoryDialect();
            case POSTGRESQL -> new PostgresJdbcSessionRepositoryDialect();
            default -> new MysqlJdbcSessionRepositoryDialect();
        };
        return new SpringAiSessionPeer(
                JdbcSessionRepository.builder().dataSource(database.dataSource()).dialect(dialect).build(), database);
    }

    @Override
    public Object conversation(int history) {
        String id = this.service.create(CreateSessionRequest.builder().userId("user-" + UUID.randomUUID()).build())
            .id();
        List<SessionEvent> events = new ArrayList<>(history);
        Instant now = Instant.now();
        for (int i = 0; i < history; i++) {
            String text = "history message number " + i;
            events.add(SessionEvent.builder()
                .id(UUID.randomUUID().toString())
                .sessionId(id)
                .timestamp(now)
                .message((i % 2 == 0) ? new UserMessage(text) : new AssistantMessage(text))
                .build());
        }
        if (!events.isEmpty()) {
            this.repository.compactEvents(id, List.of(), events, this.repository.getEventVersion(id));
        }
        return id;
    }

    @Override
    public Object append(Object conversation) {
        this.service.appendMessage((String) conversation, new UserMessage("hello, how are you today?"));
        return conversation;
    }

    @Override
    public Object recent20(Object conversation) {
        return this.service.getEvents((String) conversation, EventFilter.lastN(20));
    }

    @Override
    public void close() throws Exception {
        if (this.database != null) {
            this.database.close();
        }
    }
}
