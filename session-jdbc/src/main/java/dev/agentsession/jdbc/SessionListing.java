package dev.agentsession.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UnreadableRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pages of session summaries, newest update first, with a keyset on {@code (UPDATED_AT, USER_ID, SESSION_ID)}
 * descending: served by the index on {@code (APP_HASH, UPDATED_AT, USER_ID, SESSION_ID)}, or on
 * {@code (USER_HASH, UPDATED_AT, SESSION_ID)} when the query names a user, or, when it filters on a metadata key and
 * value, by the metadata index {@code (FILTER_HASH, UPDATED_AT, USER_ID, SESSION_ID)} joined to the sessions by row
 * id (a user is then one more condition). Never reads events or state.
 *
 * <p>Each statement orders by the whole index, its equality column first ({@code APP_HASH DESC, UPDATED_AT DESC, ...}),
 * which changes no order but lets H2 see that the index delivers it and stop after the page instead of sorting the
 * whole app. The app and user listings compare the hash only and check the ids and expiry of each row here, so that
 * PostgreSQL, before it has statistics, does not multiply five conditions into an estimate of one row and sort
 * instead of walking the index (see {@link JdbcDialect#limit()} for the other half).
 */
final class SessionListing {

    private final JdbcTemplate jdbc;

    private final SessionCodec codec;

    private final RetryingTransactions transactions;

    private final UnreadableRecords unreadable;

    private final String select;

    private final String selectByMetadata;

    private final Supplier<JdbcDialect> dialect;

    SessionListing(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect,
            RetryingTransactions transactions, UnreadableRecords unreadable) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.codec = codec;
        this.transactions = transactions;
        this.unreadable = unreadable;
        this.select = settings.resolve("SELECT TENANT, APP, USER_ID, SESSION_ID, " + SessionRow.COLUMNS
                + " FROM ${prefix}SESSIONS WHERE ");
        String columns = Arrays.stream(("TENANT, APP, USER_ID, SESSION_ID, " + SessionRow.COLUMNS).split(","))
            .map((column) -> "S." + column.strip())
            .collect(Collectors.joining(", "));
        this.selectByMetadata = settings.resolve("SELECT " + columns + " FROM ${prefix}SESSION_METADATA M JOIN "
                + "${prefix}SESSIONS S ON S.ID = M.SESSION_PK WHERE ");
    }

    /**
     * A page of summaries. A row that cannot be read is skipped and reported, and the page is filled from the rows
     * after it, so that one corrupt session neither breaks nor shortens the listing of others.
     */
    List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        Objects.requireNonNull(query, "query must not be null");
        List<SessionSummary> found = new ArrayList<>(limit);
        PageCursor cursor = after;
        while (true) {
            int wanted = limit - found.size();
            List<Listed> rows = page(query, cursor, wanted, now);
            rows.stream().map(Listed::summary).filter(Objects::nonNull).forEach(found::add);
            if (rows.size() < wanted || found.size() >= limit) {
                return found;
            }
            cursor = rows.get(rows.size() - 1).key();
        }
    }

    private List<Listed> page(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        if (query.metadataKey() != null && query.metadataValue() != null) {
            return listByMetadata(query, query.metadataKey(), query.metadataValue(), after, limit, now);
        }
        // The filters a query sets decide the conditions; only their values are parameters.
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        String order;
        if (query.userId() != null) {
            where.append("USER_HASH = ?");
            args.add(KeyHashes.user(query.tenant(), query.app(), query.userId()));
            order = "USER_HASH DESC, UPDATED_AT DESC, SESSION_ID DESC";
            if (after != null) {
                if (!after.userId().equals(query.userId())) {
                    throw new IllegalArgumentException("pageToken belongs to another user's listing");
                }
                where.append(" AND UPDATED_AT <= ? AND (UPDATED_AT < ? OR SESSION_ID < ?)");
                args.addAll(List.of(after.updatedAtMicros(), after.updatedAtMicros(), after.sessionId()));
            }
        }
        else {
            where.append("APP_HASH = ?");
            args.add(KeyHashes.app(query.tenant(), query.app()));
            order = "APP_HASH DESC, UPDATED_AT DESC, USER_ID DESC, SESSION_ID DESC";
            if (after != null) {
                where.append(" AND UPDATED_AT <= ? AND (UPDATED_AT < ? OR USER_ID < ? OR (USER_ID = ? AND "
                        + "SESSION_ID < ?))");
                args.addAll(List.of(after.updatedAtMicros(), after.updatedAtMicros(), after.userId(),
                        after.userId(), after.sessionId()));
            }
        }
        appendFilters(where, args, query, "");
        return page(this.select, where, args, order, limit, now, query);
    }

    /**
     * A page of the sessions whose metadata maps a key to a value, walking the metadata index in listing order.
     */
    private List<Listed> listByMetadata(SessionQuery query, String key, String value,
            @Nullable PageCursor after, int limit, Instant now) {
        StringBuilder where = new StringBuilder(
                "M.FILTER_HASH = ? AND M.META_KEY = ? AND M.META_VALUE = ? AND S.TENANT = ? AND S.APP = ?");
        List<Object> args = new ArrayList<>(List.of(KeyHashes.metadataFilter(query.tenant(), query.app(), key, value),
                key, MetadataTable.storedValue(this.codec, value), query.tenant(), query.app()));
        if (query.userId() != null) {
            where.append(" AND M.USER_ID = ?");
            args.add(query.userId());
        }
        if (after != null) {
            where.append(" AND M.UPDATED_AT <= ? AND (M.UPDATED_AT < ? OR M.USER_ID < ? OR (M.USER_ID = ? AND "
                    + "M.SESSION_ID < ?))");
            args.addAll(List.of(after.updatedAtMicros(), after.updatedAtMicros(), after.userId(), after.userId(),
                    after.sessionId()));
        }
        appendFilters(where, args, query, "M.");
        where.append(" AND (S.EXPIRES_AT IS NULL OR S.EXPIRES_AT > ?)");
        args.add(EpochMicros.of(now));
        return page(this.selectByMetadata, where, args,
                "M.FILTER_HASH DESC, M.UPDATED_AT DESC, M.USER_ID DESC, M.SESSION_ID DESC", limit, now, query);
    }

    /**
     * The status and update time filters; {@code updatedAtTable} qualifies the update time column, so that the
     * metadata listing bounds the index it walks.
     */
    private static void appendFilters(StringBuilder where, List<Object> args, SessionQuery query,
            String updatedAtTable) {
        if (query.status() != null) {
            where.append(" AND STATUS = ?");
            args.add(query.status().name());
        }
        if (query.updatedBefore() != null) {
            where.append(" AND ").append(updatedAtTable).append("UPDATED_AT < ?");
            args.add(EpochMicros.of(query.updatedBefore()));
        }
        if (query.updatedAfter() != null) {
            where.append(" AND ").append(updatedAtTable).append("UPDATED_AT > ?");
            args.add(EpochMicros.of(query.updatedAfter()));
        }
    }

    private List<Listed> page(String select, StringBuilder where, List<Object> args, String order,
            int limit, Instant now, SessionQuery query) {
        where.append(" ORDER BY ").append(order).append(' ').append(this.dialect.get().limit());
        args.add(limit);
        long nowMicros = EpochMicros.of(now);
        String statement = select + where;
        return this.transactions.readWithoutTransaction("list sessions", () -> this.jdbc.query(statement, (rs, rowNum) -> {
            SessionRef ref = new SessionRef(rs.getString("TENANT"), rs.getString("APP"), rs.getString("USER_ID"),
                    rs.getString("SESSION_ID"));
            PageCursor key = new PageCursor(EpochMicros.toInstant(rs.getLong("UPDATED_AT")), ref.userId(),
                    ref.sessionId());
            long expiresAt = rs.getLong("EXPIRES_AT");
            if (!isOf(query, ref) || (!rs.wasNull() && expiresAt <= nowMicros)) {
                return new Listed(key, null);
            }
            try {
                return new Listed(key, SessionRow.map(rs, ref).toSummary(this.codec, ref));
            }
            catch (SessionDataCorruptedException ex) {
                this.unreadable.skipped("list sessions", ex);
                return new Listed(key, null);
            }
        }, args.toArray()));
    }

    /**
     * Whether a row found by the hash of the query's app (or user) has the query's ids. The app and user statements
     * compare the hash only and leave the ids and the expiry to this check, so that PostgreSQL, before it has
     * statistics, does not multiply five conditions into an estimate of one row and sort instead of walking the
     * index; an expired row is skipped here like a row of another app, and the page is filled from the rows after.
     */
    private static boolean isOf(SessionQuery query, SessionRef ref) {
        return ref.tenant().equals(query.tenant()) && ref.app().equals(query.app())
                && (query.userId() == null || query.userId().equals(ref.userId()));
    }

    /**
     * A listed row: its sort key, and its summary unless it cannot be read.
     */
    private record Listed(PageCursor key, @Nullable SessionSummary summary) {
    }
}
