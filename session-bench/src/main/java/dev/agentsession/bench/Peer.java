package dev.agentsession.bench;

/**
 * The peers SPEC 9 compares with, each paired with the backend of ours it is compared to, and the most
 * ours may cost per operation as a multiple of the peer's time (SPEC 9), or {@code 0} where no target applies.
 */
enum Peer {

    /** Google ADK-Java 1.8's InMemorySessionService. */
    ADK_MEMORY(Backend.MEMORY, "ADK-Java 1.8 InMemorySessionService", 1.5, 1.0),

    /** spring-ai-session 0.6's in-memory repository. */
    SPRING_AI_SESSION_MEMORY(Backend.MEMORY, "spring-ai-session 0.6 in-memory", 0, 0),

    /** spring-ai-session 0.6's JDBC repository on H2. */
    SPRING_AI_SESSION_H2(Backend.H2, "spring-ai-session 0.6 JDBC", 1.0, 1.0),

    /** spring-ai-session 0.6's JDBC repository on PostgreSQL. */
    SPRING_AI_SESSION_POSTGRESQL(Backend.POSTGRESQL, "spring-ai-session 0.6 JDBC", 1.0, 1.0),

    /** spring-ai-session 0.6's JDBC repository on MariaDB. */
    SPRING_AI_SESSION_MARIADB(Backend.MARIADB, "spring-ai-session 0.6 JDBC", 1.0, 1.0),

    /** Spring AI 2.0's JDBC chat memory on H2. */
    CHAT_MEMORY_H2(Backend.H2, "Spring AI 2.0 JDBC chat memory", 0.02, 0.02),

    /** Spring AI 2.0's JDBC chat memory on PostgreSQL. */
    CHAT_MEMORY_POSTGRESQL(Backend.POSTGRESQL, "Spring AI 2.0 JDBC chat memory", 0.02, 0.02),

    /** Spring AI 2.0's JDBC chat memory on MariaDB. */
    CHAT_MEMORY_MARIADB(Backend.MARIADB, "Spring AI 2.0 JDBC chat memory", 0.02, 0.02),

    /** One EVALSHA per operation on a raw Lettuce connection. */
    LETTUCE_FLOOR(Backend.REDIS, "raw Lettuce one-script floor", 1.3, 1.3);

    private final Backend ours;

    private final String label;

    private final double appendTarget;

    private final double readTarget;

    Peer(Backend ours, String label, double appendTarget, double readTarget) {
        this.ours = ours;
        this.label = label;
        this.appendTarget = appendTarget;
        this.readTarget = readTarget;
    }

    /** The backend of ours this peer is compared with. */
    Backend ours() {
        return this.ours;
    }

    /** The peer's name in the tables. */
    String label() {
        return this.label;
    }

    /**
     * The most our time may be as a multiple of the peer's for an operation, or 0 where SPEC 9 sets none. The
     * chat memory's targets (50x faster) hold at 1,000 messages.
     */
    double target(String operation) {
        return operation.startsWith("append") ? this.appendTarget : this.readTarget;
    }

    boolean isChatMemory() {
        return name().startsWith("CHAT_MEMORY");
    }

    PeerStore open() throws Exception {
        return switch (this) {
            case ADK_MEMORY -> new AdkPeer();
            case SPRING_AI_SESSION_MEMORY -> SpringAiSessionPeer.memory();
            case SPRING_AI_SESSION_H2, SPRING_AI_SESSION_POSTGRESQL, SPRING_AI_SESSION_MARIADB ->
                SpringAiSessionPeer.jdbc(this.ours);
            case CHAT_MEMORY_H2, CHAT_MEMORY_POSTGRESQL, CHAT_MEMORY_MARIADB -> new ChatMemoryPeer(this.ours);
            case LETTUCE_FLOOR -> new LettuceFloorPeer();
        };
    }
}
