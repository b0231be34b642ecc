package dev.agentsession.jdbc;

import java.util.List;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.SessionCodec;

/**
 * Rewind and fork on the JDBC tables, each one transaction that starts by locking the session row (the source's, for
 * a fork), so that the log and state it replays cannot move under it. The log up to the point is read once: a rewind
 * or fork costs the history before that point, which the rebuild needs.
 */
final class JdbcHistory {

    private final SessionCodec codec;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final EventTable events;

    private final StateTables state;

    private final MetadataTable metadata;

    private final SessionCleanup cleanup;

    private final JdbcCompactions compactions;

    JdbcHistory(SessionCodec codec, RetryingTransactions transactions, SessionTable sessions, EventTable events,
            StateTables state, MetadataTable metadata, SessionCleanup cleanup, JdbcCompactions compactions) {
        this.codec = codec;
        this.compactions = compactions;
        this.transactions = transactions;
        this.sessions = sessions;
        this.events = events;
        this.state = state;
        this.metadata = metadata;
        this.cleanup = cleanup;
    }

    /**
     * Appends the marker, replaces the session-scope state by the rebuilt one and records the rewound range.
     */
    AgentSession rewind(RewindCommand command) {
        SessionRef ref = command.ref();
        return this.transactions.write("rewind a session", () -> {
            SessionRow row = this.sessions.lockLive(ref, command.now());
            row.requireLease(ref, command.fencingToken(), command.now());
            row.requireActive(ref);
            row.requireVersion(ref, command.expectedVersion());
            HistoryReplay.requirePoint("toSeq", command.toSeq(), row.eventCount(), row.rewound());
            HistoryReplay.requireKept(ref, "toSeq", command.toSeq(), row.firstSeq());
            Map<String, Object> rebuilt = HistoryReplay.sessionState(this.sessions.initialState(ref, row.pk(), this.codec),
                    this.events.upTo(ref, row.pk(), command.toSeq()), row.rewound(), command.toSeq());
            SessionEvent marker = command.marker().withSeq(row.eventCount() + 1);
            this.events.insert(row.pk(), List.of(marker));
            this.state.apply(ref, row.pk(), HistoryReplay.replacing(this.state.read(ref, row.pk()), rebuilt));
            SessionRow updated = this.sessions.rewind(row, row.rewound().rewind(command.toSeq(), marker.seq()),
                    command.now(), command.expiresAt());
            return updated.toSession(this.codec, ref, this.state.read(ref, row.pk()), List.of(marker));
        });
    }

    /**
     * Inserts the new session's row, metadata index rows, state and event copies in the transaction that holds the
     * source's row: a fork is stored whole or, when the target exists, not at all.
     */
    AgentSession fork(ForkCommand command) {
        SessionRef source = command.source();
        SessionRef target = command.target();
        return this.transactions.write("fork a session", () -> {
            SessionRow row = this.sessions.lockLive(source, command.now());
            HistoryReplay.requirePoint("atSeq", command.atSeq(), row.eventCount(), row.rewound());
            HistoryReplay.requireKept(source, "atSeq", command.atSeq(), row.firstSeq());
            Map<String, Object> initial = this.sessions.initialState(source, row.pk(), this.codec);
            List<SessionEvent> log = this.events.upTo(source, row.pk(), command.atSeq());
            List<SessionEvent> copies = HistoryReplay.forkedEvents(log, row.rewound(), command.atSeq());
            Map<String, String> metadata = row.metadata(this.codec, source);
            StateChanges state = new StateChanges(
                    HistoryReplay.sessionState(initial, log, row.rewound(), command.atSeq()), Map.of(), Map.of());
            CreateCommand create = new CreateCommand(target, metadata, state, command.now(), command.expiresAt());
            // An expired session that cleanup has not removed yet gives way to the fork, as to a create.
            this.cleanup.purge(this.sessions.lockExpired(target, command.now()));
            long pk = this.sessions.insert(create, row.metadataJson(), this.codec.writeValue(initial), copies.size());
            this.metadata.apply(target, pk, metadata, EpochMicros.of(command.now()));
            this.state.apply(target, pk, state);
            if (!copies.isEmpty()) {
                this.events.insert(pk, copies);
                this.compactions.recordCompaction(pk, 1, copies);
            }
            return new AgentSession(target, SessionStatus.ACTIVE, metadata, this.state.read(target, pk), null,
                    List.of(), copies.size(), 1, command.now(), command.now(), command.expiresAt());
        });
    }
}
