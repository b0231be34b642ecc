package dev.agentsession.bench;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.adk.events.Event;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.InMemorySessionService;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;

/**
 * Google ADK-Java's {@link InMemorySessionService}: an append is {@code appendEvent} of an event with a new id
 * (as ADK's runner makes them), a read is {@code getSession} with {@code numRecentEvents(20)}.
 */
final class AdkPeer implements PeerStore {

    private static final String APP = "bench";

    private final InMemorySessionService service = new InMemorySessionService();

    private final Optional<GetSessionConfig> recent20 = Optional
        .of(GetSessionConfig.builder().numRecentEvents(20).build());

    @Override
    public Object conversation(int history) {
        Session session = this.service
            .createSession(APP, "user-" + UUID.randomUUID(), new ConcurrentHashMap<>(), null)
            .blockingGet();
        for (int i = 0; i < history; i++) {
            this.service.appendEvent(session, event((i % 2 == 0) ? "user" : "model", "history message number " + i))
                .blockingGet();
        }
        return session;
    }

    @Override
    public Object append(Object conversation) {
        return this.service.appendEvent((Session) conversation, event("user", "hello, how are you today?"))
            .blockingGet();
    }

    @Override
    public Object recent20(Object conversation) {
        Session session = (Session) conversation;
        return this.service.getSession(APP, session.userId(), session.id(), this.recent20).blockingGet();
    }

    private static Event event(String author, String text) {
        return Event.builder()
            .id(Event.generateEventId())
            .author(author)
            .content(Content.builder().role(author).parts(Part.fromText(text)).build())
            .build();
    }

    @Override
    public void close() {
    }
}
