package dev.agentsession.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.HistoryReplay;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history columns of the sessions table: {@code COMPACTION_SEQ} and {@code COMPACTED_TO_SEQ}, the seq of the
 * latest {@code COMPACTION} event and the last event it stands for, from which {@link EventWindow#context()} is read
 * without touching the compacted range; {@code FIRST_SEQ}, the first event history retention kept; and
 * {@code COMPACTED_SINCE}, the time of the oldest event still stored that a compaction stands for. Retention walks
 * the index on {@code (COMPACTED_SINCE, ID)} from the oldest such time up to the retention's cutoff, a page of
 * sessions at a time, and removes each one's events in transactions of at most a batch of events that lock its row,
 * so that nodes running it at once serialize per session. Removing events replaces the session's initial state by the
 * session-scope state after the last removed event, so that rewinds and forks after it rebuild from there.
 */
final class JdbcCompactions {

    private final JdbcTemplate jdbc;

    private final SessionCodec codec;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final EventTable events;

    private final Sql sql;

    JdbcCompactions(JdbcTemplate jdbc, SessionCodec codec, RetryingTransactions transactions, SessionTable sessions,
            EventTable events, JdbcStoreSettings settings) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.transactions = transactions;
        this.sessions = sessions;
        this.events = events;
        this.sql = Sql.of(settings);
    }

    /**
     * Records the last {@code COMPACTION} event among events just inserted, in the caller's transaction, and when
     * the session had no compacted event waiting for retention, the time of the first one now.
     * @param firstSeq the first event the session stores
     */
    void recordCompaction(long pk, long firstSeq, List<SessionEvent> added) {
        for (int i = added.size() - 1; i >= 0; i--) {
            SessionEvent event = added.get(i);
            if (event.type() == EventType.COMPACTION) {
                long toSeq = Compaction.of(event).toSeq();
                this.jdbc.update(this.sql.recordCompaction(), event.seq(), toSeq, pk,
                        (firstSeq <= toSeq) ? firstSeq : 0, pk);
                return;
            }
        }
    }

    /**
     * The events of a {@link EventWindow#context()} window of a session some rewind cut: the latest
     * {@code COMPACTION} event that still counts and the effective events after its range, read by sequence number.
     */
    List<SessionEvent> context(SessionRef ref, SessionRow row, EventWindow window) {
        SessionEvent compaction = effectiveCompaction(ref, row);
        if (compaction == null) {
            return this.events.window(ref, row, window.withoutContext());
        }
        List<SessionEvent> after = this.events.window(ref, row,
                window.afterCompaction(Compaction.of(compaction).toSeq()));
        return Compaction.context(compaction, after, window);
    }

    /**
     * Throws when a page of events misses its first ones because retention removed them.
     * @throws EventsRemovedException if {@code fromSeq} is before the first event kept
     */
    void requireRetained(SessionRef ref, SessionRow row, long fromSeq) {
        if (fromSeq <= row.eventCount() && fromSeq < row.firstSeq()) {
            throw new EventsRemovedException(ref, fromSeq, row.firstSeq());
        }
    }

    /**
     * Removes compacted events older than a time, session by session; see
     * {@link dev.agentsession.store.HistoryRetention#removeCompactedEvents}.
     */
    long removeCompacted(Instant removeBefore, int batchSize, Instant now) {
        Objects.requireNonNull(removeBefore, "removeBefore must not be null");
        Objects.requireNonNull(now, "now must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        // The first microsecond an event may have and be kept.
        long keepFrom = EpochMicros.of(removeBefore) + ((removeBefore.getNano() % 1000 != 0) ? 1 : 0);
        long removed = 0;
        long afterSince = Long.MIN_VALUE;
        long afterId = 0;
        while (true) {
            List<Candidate> page = this.jdbc.query(this.sql.candidates(),
                    (rs, rowNum) -> new Candidate(rs.getLong("ID"), rs.getLong("COMPACTED_SINCE"),
                            new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("USER_ID"),
                                    rs.getString("SESSION_ID"))),
                    afterSince, keepFrom, afterSince, afterId, batchSize);
            for (Candidate candidate : page) {
                long step;
                do {
                    step = this.transactions.write("remove compacted events",
                            () -> removeStep(candidate, keepFrom, batchSize, now));
                    removed += step;
                }
                while (step == batchSize);
                afterSince = candidate.since();
                afterId = candidate.pk();
            }
            if (page.size() < batchSize) {
                return removed;
            }
        }
    }

    /**
     * The statement that finds a page of sessions with compacted events older than a time, for plan tests; its
     * parameters are the cursor's time, the first microsecond kept, the cursor's time and id, and the page size. The
     * cursor bounds the index range and the comparison of ids only filters it, so that the page walks the index in
     * order.
     */
    static String candidatesStatement(JdbcStoreSettings settings) {
        return Sql.of(settings).candidates();
    }

    /**
     * Removes at most {@code limit} of one session's compacted events, its row locked, and moves its
     * {@code COMPACTED_SINCE} to the first compacted event it keeps (none: {@code NULL}).
     * @return how many were removed
     */
    private long removeStep(Candidate candidate, long keepFrom, int limit, Instant now) {
        SessionRow row = this.sessions.lock(candidate.pk());
        if (row == null || row.isExpired(now)) {
            return 0;
        }
        SessionRef ref = candidate.ref();
        SessionEvent compaction = effectiveCompaction(ref, row);
        long toSeq = (compaction != null) ? Compaction.of(compaction).toSeq() : 0;
        long first = row.firstSeq();
        List<SessionEvent> range = (first <= toSeq)
                ? this.events.range(ref, row, first, (int) Math.min(toSeq - first + 1, limit)) : List.of();
        int old = 0;
        while (old < range.size() && EpochMicros.of(range.get(old).timestamp()) < keepFrom) {
            old++;
        }
        long next = first + old;
        long since = (next <= toSeq) ? next : 0;
        if (old == 0) {
            this.jdbc.update(this.sql.updateSince(), row.pk(), since, row.pk());
            return 0;
        }
        List<SessionEvent> removed = range.subList(0, old);
        Map<String, Object> base = HistoryReplay.sessionState(this.sessions.initialState(ref, row.pk(), this.codec),
                removed, row.rewound(), next - 1);
        this.jdbc.update(this.sql.deleteRange(), row.pk(), first, next - 1);
        this.jdbc.update(this.sql.updateRetained(), next, this.codec.writeValue(base), row.pk(), since, row.pk());
        return old;
    }

    /**
     * The latest {@code COMPACTION} event that still counts, from the one the row names: a rewind may have taken out
     * later ones, each of which names the one before it.
     */
    private @Nullable SessionEvent effectiveCompaction(SessionRef ref, SessionRow row) {
        long seq = row.compactionSeq();
        while (seq >= row.firstSeq()) {
            SessionEvent compaction = this.events.at(ref, row.pk(), seq);
            if (compaction == null || !row.rewound().covers(seq)) {
                return compaction;
            }
            seq = Compaction.of(compaction).previousSeq();
        }
        return null;
    }

    /** A session with compacted events that may be old enough, and where the index has it. */
    private record Candidate(long pk, long since, SessionRef ref) {
    }

    /**
     * The statements on the history columns of one prefix.
     */
    private record Sql(String recordCompaction, String candidates, String deleteRange, String updateRetained,
            String updateSince) {

        static Sql of(JdbcStoreSettings settings) {
            // The time of the first compacted event kept, by its seq (0: none, NULL).
            String since = "(SELECT TS FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND SEQ = ?)";
            return new Sql(settings.resolve("""
                    UPDATE ${prefix}SESSIONS SET COMPACTION_SEQ = ?, COMPACTED_TO_SEQ = ?,
                        COMPACTED_SINCE = COALESCE(COMPACTED_SINCE, %s) WHERE ID = ?
                    """.formatted(since)),
                    settings.resolve("""
                            SELECT ID, COMPACTED_SINCE, TENANT, APP, USER_ID, SESSION_ID FROM ${prefix}SESSIONS
                            WHERE COMPACTED_SINCE >= ? AND COMPACTED_SINCE < ? AND (COMPACTED_SINCE > ? OR ID > ?)
                            ORDER BY COMPACTED_SINCE, ID LIMIT ?
                            """),
                    settings.resolve("DELETE FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND SEQ >= ? AND SEQ <= ?"),
                    settings.resolve("""
                            UPDATE ${prefix}SESSIONS SET FIRST_SEQ = ?, INITIAL_STATE_JSON = ?, COMPACTED_SINCE = %s
                            WHERE ID = ?
                            """.formatted(since)),
                    settings.resolve("UPDATE ${prefix}SESSIONS SET COMPACTED_SINCE = %s WHERE ID = ?"
                        .formatted(since)));
        }
    }
}
