package dev.agentsession.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.H2ChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.MysqlChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Spring AI 2.0's JDBC chat memory: a {@link MessageWindowChatMemory} whose window holds the whole history, on a
 * {@link JdbcChatMemoryRepository}. An append is {@code add} (which reads the conversation and saves it all again:
 * the repository deletes and re-inserts every message), a read is {@code get} (every message: the repository has
 * no window of its own).
 */
final class ChatMemoryPeer implements PeerStore {

    private final JdbcChatMemoryRepository repository;

    private final ChatMemory memory;

    private final PeerDatabase database;

    ChatMemoryPeer(Backend backend) throws Exception {
        String suffix = backend.name().toLowerCase(Locale.ROOT);
        this.database = PeerDatabase.open(backend,
                "org/springframework/ai/chat/memory/repository/jdbc/schema-" + suffix + ".sql");
        JdbcChatMemoryRepositoryDialect dialect = switch (backend) {
            case H2 -> new H2ChatMemoryRepositoryDialect();
            case POSTGRESQL -> new PostgresChatMemoryRepositoryDialect();
            default -> new MysqlChatMemoryRepositoryDialect();
        };
        this.repository = JdbcChatMemoryRepository.builder()
            .dataSource(this.database.dataSource())
            .dialect(dialect)
            .build();
        this.memory = MessageWindowChatMemory.builder()
            .chatMemoryRepository(this.repository)
            .maxMessages(Integer.MAX_VALUE)
            .build();
    }

    @Override
    public Object conversation(int history) {
        String id = UUID.randomUUID().toString();
        List<Message> messages = new ArrayList<>(history);
        for (int i = 0; i < history; i++) {
            String text = "history message number " + i;
            messages.add((i % 2 == 0) ? new UserMessage(text) : new AssistantMessage(text));
        }
        this.repository.saveAll(id, messages);
        return id;
    }

    @Override
    public Object append(Object conversation) {
        this.memory.add((String) conversation, new UserMessage("hello, how are you today?"));
        return conversation;
    }

    @Override
    public Object recent20(Object conversation) {
        return this.memory.get((String) conversation);
    }

    @Override
    public void close() throws Exception {
        this.database.close();
    }
}
