package dev.agentsession.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Reads a session in one statement: its row, the events of a window and its merged state, as the branches of one
 * {@code UNION ALL} whose first column says what each row is. Each branch finds the session by the unique index on
 * its ref hash and reads what belongs to it by index: the state rows by their owners' keys, the events as a range
 * of the {@code (SESSION_PK, SEQ)} key no later than the row's event count, newest first and limited for
 * {@code recent(n)}. One statement sees one snapshot, so the read needs no transaction, and it costs one round trip
 * where a row read, a window read and a state read cost three.
 *
 * <p>The window branch takes the session's id and event count from scalar subqueries rather than a join: joined,
 * PostgreSQL no longer sees that the primary key delivers the events in order and sorts the whole history before
 * the limit; with the subqueries it scans the key backwards and stops after n rows. The window is ordered by the
 * whole key ({@code SESSION_PK DESC, SEQ DESC}): ordered by {@code SEQ} alone, H2 reads the session's whole history
 * and sorts it. A {@code context()} window adds a branch that reads the {@code COMPACTION} event the row names by its
 * key, and starts the window's range after the last event it stands for ({@code COMPACTED_TO_SEQ}), so that it reads
 * what it returns and nothing of the compacted range. A session some rewind cut reads
 * its window with a second statement ({@link EventTable#window}), which needs the row's rewound ranges; events are
 * never rewritten and that statement stops at the row's event count, so it agrees with the row read before.
 *
 * <p>The dialect may wrap the statement ({@link JdbcDialect#repeatedUnion}): H2 parses a union anew on every call.
 *
 * <p>The rows share the sessions' columns: a state row carries its key in {@code STATUS} and its value in
 * {@code METADATA_JSON}, an event row its sequence number in {@code ID} and its JSON in {@code METADATA_JSON}.
 */
final class SessionReader {

    private static final String ROW = "R";

    private static final String EVENT = "E";

    private static final String COMPACTION = "C";

    private final JdbcTemplate jdbc;

    private final SessionCodec codec;

    private final EventTable events;

    private final String row;

    private final String state;

    private final String window;

    private final String context;

    private final JdbcCompactions compactions;

    private final Supplier<JdbcDialect> dialect;

    SessionReader(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect,
            EventTable events, JdbcCompactions compactions) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.codec = codec;
        this.events = events;
        this.compactions = compactions;
        this.row = settings.resolve("""
                SELECT 'R' AS K, %s FROM ${prefix}SESSIONS S WHERE S.REF_HASH = ? AND S.TENANT = ? AND S.APP = ?
                    AND S.USER_ID = ? AND S.SESSION_ID = ? AND (S.EXPIRES_AT IS NULL OR S.EXPIRES_AT > ?)
                """.formatted(Arrays.stream(SessionRow.COLUMNS.split(","))
                    .map((column) -> "S." + column.strip())
                    .collect(Collectors.joining(", "))));
        this.state = settings.resolve("""
                UNION ALL SELECT 'A' AS K, %1$s FROM ${prefix}APP_STATE A JOIN ${prefix}SESSIONS S
                    ON A.APP_HASH = S.APP_HASH WHERE S.REF_HASH = ?
                UNION ALL SELECT 'U' AS K, %2$s FROM ${prefix}USER_STATE U JOIN ${prefix}SESSIONS S
                    ON U.USER_HASH = S.USER_HASH WHERE S.REF_HASH = ?
                UNION ALL SELECT 'S' AS K, %3$s FROM ${prefix}SESSION_STATE X JOIN ${prefix}SESSIONS S
                    ON X.SESSION_PK = S.ID WHERE S.REF_HASH = ?
                """.formatted(columns("NULL", "A.STATE_KEY", "A.VALUE_JSON"),
                columns("NULL", "U.STATE_KEY", "U.VALUE_JSON"), columns("NULL", "X.STATE_KEY", "X.VALUE_JSON")));
        this.window = settings.resolve("""
                UNION ALL SELECT 'E' AS K, %s FROM (SELECT E.SEQ, E.EVENT_JSON FROM ${prefix}EVENTS E
                    WHERE E.SESSION_PK = (SELECT ID FROM ${prefix}SESSIONS WHERE REF_HASH = ?) AND E.SEQ > ?
                    AND E.SEQ <= (SELECT EVENT_COUNT FROM ${prefix}SESSIONS WHERE REF_HASH = ?)\
                """.formatted(columns("W.SEQ", "NULL", "W.EVENT_JSON")));
        // A context window: the COMPACTION event the row names, then the window's events after its range. The
        // range starts after the later of the compaction's end and the window's own start, as one bound: given two,
        // SQLite walks the index from the lower one and filters every compacted event on the other.
        this.context = settings.resolve("""
                UNION ALL SELECT 'C' AS K, %s FROM ${prefix}EVENTS C
                    WHERE C.SESSION_PK = (SELECT ID FROM ${prefix}SESSIONS WHERE REF_HASH = ?)
                    AND C.SEQ = (SELECT COMPACTION_SEQ FROM ${prefix}SESSIONS WHERE REF_HASH = ?)
                UNION ALL SELECT 'E' AS K, %s FROM (SELECT E.SEQ, E.EVENT_JSON FROM ${prefix}EVENTS E
                    WHERE E.SESSION_PK = (SELECT ID FROM ${prefix}SESSIONS WHERE REF_HASH = ?)
                    AND E.SEQ > (SELECT CASE WHEN COMPACTED_TO_SEQ > ? THEN COMPACTED_TO_SEQ ELSE ? END
                        FROM ${prefix}SESSIONS WHERE REF_HASH = ?)
                    AND E.SEQ <= (SELECT EVENT_COUNT FROM ${prefix}SESSIONS WHERE REF_HASH = ?)\
                """.formatted(columns("C.SEQ", "NULL", "C.EVENT_JSON"), columns("W.SEQ", "NULL", "W.EVENT_JSON")));
    }

    /**
     * The select list of a branch that is not the session row: its three values where the row has its id, status
     * and metadata, and {@code NULL} for every other column of the row (the union types them by the row's).
     */
    private static String columns(String id, String status, String metadata) {
        Map<String, String> values = Map.of("ID", id, "STATUS", status, "METADATA_JSON", metadata);
        return Arrays.stream(SessionRow.COLUMNS.split(","))
            .map(String::strip)
            .map((column) -> values.getOrDefault(column, "NULL") + " AS " + column)
            .collect(Collectors.joining(", "));
    }

    /**
     * The live session of a ref with the events of a window, oldest first, and its merged state.
     */
    Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        byte[] refHash = KeyHashes.session(ref);
        List<Object> args = new ArrayList<>(List.of(refHash, ref.tenant(), ref.app(), ref.userId(), ref.sessionId(),
                EpochMicros.of(now), refHash, refHash, refHash));
        StringBuilder select = new StringBuilder(this.row).append(this.state);
        // A context window reads one event more for a recent count: the COMPACTION event is among those after its
        // range.
        int recent = window.recentCount().orElse(0) + ((window.fromCompaction() && window.limit() > 0) ? 1 : 0);
        if (window.includeEvents()) {
            if (window.fromCompaction()) {
                select.append(this.context);
                args.addAll(List.of(refHash, refHash, refHash, window.afterSeq(), window.afterSeq(), refHash,
                        refHash));
            }
            else {
                select.append(this.window);
                args.addAll(List.of(refHash, window.afterSeq(), refHash));
            }
            if (window.after() != null) {
                select.append(" AND E.TS > ?");
                args.add(EpochMicros.of(window.after()));
            }
            if (recent > 0) {
                select.append(" ORDER BY E.SESSION_PK DESC, E.SEQ DESC LIMIT ?");
                args.add(recent);
            }
            select.append(") W\n");
        }
        Read read = this.jdbc.query(this.dialect.get().repeatedUnion(select.toString()), extractor(ref),
                args.toArray());
        if (read == null) {
            return Optional.empty();
        }
        List<SessionEvent> found = read.events();
        if (window.includeEvents() && !read.row().rewound().isEmpty()) {
            found = window.fromCompaction() ? this.compactions.context(ref, read.row(), window)
                    : this.events.window(ref, read.row(), window);
        }
        else if (window.fromCompaction()) {
            found = (read.compaction() != null) ? Compaction.context(read.compaction(), found, window)
                    : found.subList(Math.max(0, found.size() - window.recentCount().orElse(found.size())),
                            found.size());
        }
        return Optional.of(read.row().toSession(this.codec, ref, read.state(), found));
    }

    private ResultSetExtractor<Read> extractor(SessionRef ref) {
        return (rs) -> {
            SessionRow session = null;
            MergedState state = new MergedState(this.codec, ref);
            List<SessionEvent> found = new ArrayList<>();
            SessionEvent compaction = null;
            while (rs.next()) {
                String kind = Objects.requireNonNull(rs.getString("K"));
                if (kind.equals(ROW)) {
                    session = SessionRow.map(rs, ref);
                }
                else if (kind.equals(EVENT)) {
                    found.add(EventTable.read(this.codec, ref, rs.getLong("ID"), text(rs, "METADATA_JSON")));
                }
                else if (kind.equals(COMPACTION)) {
                    compaction = EventTable.read(this.codec, ref, rs.getLong("ID"), text(rs, "METADATA_JSON"));
                }
                else {
                    state.add(kind, text(rs, "STATUS"), text(rs, "METADATA_JSON"));
                }
            }
            if (session == null) {
                return null;
            }
            found.sort(Comparator.comparingLong(SessionEvent::seq));
            return new Read(session, state.merge(), found, compaction);
        };
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        return Objects.requireNonNull(rs.getString(column));
    }

    /**
     * What the statement read: the live session's row, its merged state, the events of the window and, for a context
     * window, the latest {@code COMPACTION} event.
     */
    private record Read(SessionRow row, Map<String, Object> state, List<SessionEvent> events,
            @Nullable SessionEvent compaction) {
    }
}
