package dev.agentsession.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.RewoundRanges;
import dev.agentsession.store.SessionCodec;
import org.springframework.dao.DataAccessException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The events table: a session's events under its row id and their sequence number, never rewritten. Reads take
 * a sequence range no later than the session row's event count, so that they never see events of a write that
 * has not committed the row.
 */
final class EventTable {

    /** SQLite allows 500 terms in one compound select; a usual batch of event ids fits in one statement. */
    private static final int MAX_LOOKUPS_PER_STATEMENT = 400;

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate namedJdbc;

    private final SessionCodec codec;

    private final Sql sql;

    EventTable(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings) {
        this.jdbc = jdbc;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.codec = codec;
        this.sql = Sql.of(settings);
    }

    /**
     * The stored events among the given ids, in one query for any usual batch.
     */
    Map<String, SessionEvent> find(SessionRef ref, long pk, List<String> ids) {
        // One lookup per id joined by UNION ALL: each uses the (session, event id) unique index on every
        // platform, where H2 answers "EVENT_ID IN (...)" by scanning the whole session's events.
        Map<String, SessionEvent> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += MAX_LOOKUPS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_LOOKUPS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(2 * chunk.size());
            chunk.forEach((id) -> {
                args.add(pk);
                args.add(id);
            });
            String query = String.join(" UNION ALL ", Collections.nCopies(chunk.size(), this.sql.lookup()));
            this.jdbc.query(query, mapper(ref), args.toArray()).forEach((event) -> byId.put(event.id(), event));
        }
        return byId;
    }

    /**
     * The event at a sequence number, committed after or before the session row the caller read.
     */
    @Nullable SessionEvent at(SessionRef ref, long pk, long seq) {
        List<SessionEvent> found = this.jdbc.query(this.sql.at(), mapper(ref), pk, seq);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Inserts numbered events in one batch.
     * @throws KeyTaken if an event's id is stored already in the session (the transaction must roll back)
     */
    void insert(long pk, List<SessionEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (SessionEvent event : events) {
            rows.add(new Object[] { pk, event.seq(), event.id(), EpochMicros.of(event.timestamp()),
                    this.codec.writeEvent(event) });
        }
        try {
            JdbcErrors.batch("insert of events", () -> this.jdbc.batchUpdate(this.sql.insert(), rows));
        }
        catch (DataAccessException ex) {
            // The writer holds the session row, so the sequence numbers are free: the unique key that refused a
            // row is the (session, event id) one.
            if (JdbcErrors.isUniqueViolation(ex)) {
                throw new KeyTaken(ex);
            }
            throw ex;
        }
    }

    /**
     * The events of a window in the effective history, oldest first.
     */
    List<SessionEvent> window(SessionRef ref, SessionRow row, EventWindow window) {
        if (!row.rewound().isEmpty()) {
            return effectiveWindow(ref, row, window);
        }
        List<Object> args = new ArrayList<>(List.of(row.pk(), window.afterSeq(), row.eventCount()));
        if (window.after() != null) {
            args.add(EpochMicros.of(window.after()));
        }
        if (window.recentCount().isEmpty()) {
            String select = (window.after() != null) ? this.sql.windowAfterTime() : this.sql.window();
            return this.jdbc.query(select, mapper(ref), args.toArray());
        }
        args.add(window.recentCount().getAsInt());
        String select = (window.after() != null) ? this.sql.recentAfterTime() : this.sql.recent();
        List<SessionEvent> newestFirst = new ArrayList<>(this.jdbc.query(select, mapper(ref), args.toArray()));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The events of a window of a session some rewind cut. The query is one index range read per sequence interval
     * that counts (computed from the row's few ranges), joined by {@code UNION ALL}: an {@code OR} of ranges makes
     * SQLite scan every event of the session. So {@code recent(n)} without a time bound reads exactly n events and no
     * read touches a rewound one. Past {@value #MAX_LOOKUPS_PER_STATEMENT} intervals (as many rewinds that each undid
     * less than the one before), one range read filtered here serves instead.
     */
    private List<SessionEvent> effectiveWindow(SessionRef ref, SessionRow row, EventWindow window) {
        boolean recentOnly = window.recentCount().isPresent() && window.after() == null;
        List<RewoundRanges.Range> intervals = recentOnly
                ? row.rewound().lastEffective(window.afterSeq(), row.eventCount(), window.recentCount().getAsInt())
                : row.rewound().effective(window.afterSeq(), row.eventCount());
        if (intervals.isEmpty()) {
            return List.of();
        }
        if (intervals.size() > MAX_LOOKUPS_PER_STATEMENT) {
            List<Object> args = new ArrayList<>(List.of(row.pk(), window.afterSeq(), row.eventCount()));
            if (window.after() != null) {
                args.add(EpochMicros.of(window.after()));
            }
            List<SessionEvent> counting = new ArrayList<>(this.jdbc.query(
                    (window.after() != null) ? this.sql.windowAfterTime() : this.sql.window(), mapper(ref),
                    args.toArray()));
            counting.removeIf((event) -> !row.rewound().counts(event));
            int keep = Math.min(counting.size(), window.recentCount().orElse(counting.size()));
            return List.copyOf(counting.subList(counting.size() - keep, counting.size()));
        }
        List<Object> args = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        for (RewoundRanges.Range interval : intervals) {
            args.add(row.pk());
            args.add(interval.from());
            args.add(interval.to());
            if (window.after() != null) {
                args.add(EpochMicros.of(window.after()));
            }
            branches.add((window.after() != null) ? this.sql.intervalAfterTime() : this.sql.interval());
        }
        String query = String.join(" UNION ALL ", branches);
        if (recentOnly || window.recentCount().isEmpty()) {
            return this.jdbc.query(query + " ORDER BY SEQ", mapper(ref), args.toArray());
        }
        args.add(window.recentCount().getAsInt());
        List<SessionEvent> newestFirst = new ArrayList<>(
                this.jdbc.query(query + " ORDER BY SEQ DESC LIMIT ?", mapper(ref), args.toArray()));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * Every event of the raw log up to a sequence number, oldest first: what a rewind or fork replays.
     */
    List<SessionEvent> upTo(SessionRef ref, long pk, long toSeq) {
        return this.jdbc.query(this.sql.window(), mapper(ref), pk, 0, toSeq);
    }

    /**
     * At most {@code limit} events from a sequence number on, oldest first.
     */
    List<SessionEvent> range(SessionRef ref, SessionRow row, long fromSeq, int limit) {
        return this.jdbc.query(this.sql.range(), mapper(ref), row.pk(), fromSeq, row.eventCount(), limit);
    }

    void deleteOfSessions(List<Long> ids) {
        this.namedJdbc.update(this.sql.deleteOfSessions(), Map.of("ids", ids));
    }

    private RowMapper<SessionEvent> mapper(SessionRef ref) {
        return (rs, rowNum) -> read(this.codec, ref, rs.getLong("SEQ"),
                Objects.requireNonNull(rs.getString("EVENT_JSON")));
    }

    /**
     * An event as stored: its JSON, numbered by its row's sequence number.
     */
    static SessionEvent read(SessionCodec codec, SessionRef ref, long seq, String json) {
        SessionEvent event = codec.readEvent(ref, json);
        return (event.seq() != seq) ? event.withSeq(seq) : event;
    }

    /**
     * The statements on the events table of one prefix.
     */
    private record Sql(String interval, String intervalAfterTime, String lookup, String at, String insert,
            String window, String windowAfterTime, String recent, String recentAfterTime, String range,
            String deleteOfSessions) {

        static Sql of(JdbcStoreSettings settings) {
            String select = settings.resolve("SELECT SEQ, EVENT_JSON FROM ${prefix}EVENTS WHERE SESSION_PK = ?");
            String window = select + " AND SEQ > ? AND SEQ <= ?";
            String afterTime = window + " AND TS > ?";
            String interval = select + " AND SEQ >= ? AND SEQ <= ?";
            return new Sql(interval, interval + " AND TS > ?", select + " AND EVENT_ID = ?", select + " AND SEQ = ?",
                    settings.resolve("""
                            INSERT INTO ${prefix}EVENTS (SESSION_PK, SEQ, EVENT_ID, TS, EVENT_JSON)
                            VALUES (?, ?, ?, ?, ?)
                            """),
                    window + " ORDER BY SEQ", afterTime + " ORDER BY SEQ", window + " ORDER BY SEQ DESC LIMIT ?",
                    afterTime + " ORDER BY SEQ DESC LIMIT ?",
                    settings.resolve("""
                            SELECT SEQ, EVENT_JSON FROM ${prefix}EVENTS WHERE SESSION_PK = ? AND SEQ >= ? AND SEQ <= ?
                            ORDER BY SEQ LIMIT ?
                            """),
                    settings.resolve("DELETE FROM ${prefix}EVENTS WHERE SESSION_PK IN (:ids)"));
        }
    }
}
