package dev.agentsession.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.store.PageCursor;
import org.jspecify.annotations.Nullable;

/**
 * The listings of the memory store and their indexes, each a skip list of sessions' sort keys in listing order:
 * one per app, one per user of an app, and one per app, metadata key and value. A listing walks the one index its
 * query narrows to most, so that a page costs what it holds. The store moves a session in every index under the
 * session's monitor on each write; entries of sessions that are gone are dropped by the listing that meets them.
 */
final class MemoryListingIndexes {

    private final ConcurrentMap<AppKey, NavigableSet<ListingKey>> byApp = new ConcurrentHashMap<>();

    private final ConcurrentMap<UserKey, NavigableSet<ListingKey>> byUser = new ConcurrentHashMap<>();

    private final ConcurrentMap<MetadataKey, NavigableSet<ListingKey>> byMetadata = new ConcurrentHashMap<>();

    /**
     * Adds a session under its current sort key to its app's and user's index and to the index of each of its
     * metadata entries.
     */
    void add(MemorySession session) {
        ListingKey key = session.listingKey();
        AppKey app = session.owner.app();
        this.byApp.computeIfAbsent(app, (k) -> newIndex()).add(key);
        this.byUser.computeIfAbsent(session.owner, (k) -> newIndex()).add(key);
        for (Map.Entry<String, String> entry : session.metadata.entrySet()) {
            this.byMetadata.computeIfAbsent(new MetadataKey(app, entry.getKey(), entry.getValue()), (k) -> newIndex())
                .add(key);
        }
    }

    /**
     * Removes a session's current sort key from every index {@link #add(MemorySession)} put it in.
     */
    void remove(MemorySession session) {
        ListingKey key = session.listingKey();
        AppKey app = session.owner.app();
        remove(this.byApp.get(app), key);
        remove(this.byUser.get(session.owner), key);
        for (Map.Entry<String, String> entry : session.metadata.entrySet()) {
            remove(this.byMetadata.get(new MetadataKey(app, entry.getKey(), entry.getValue())), key);
        }
    }

    /**
     * A page of a listing: walks the index the query narrows to most from the cursor on, and keeps the sessions
     * that pass the query's other filters.
     * @param live the live session of a ref, or {@code null}; entries of sessions that are gone are dropped
     */
    List<SessionSummary> page(SessionQuery query, @Nullable PageCursor after, int limit,
            Function<SessionRef, @Nullable MemorySession> live) {
        NavigableSet<ListingKey> index = of(query);
        if (index == null) {
            return List.of();
        }
        List<SessionSummary> page = new ArrayList<>(limit);
        for (ListingKey key : (after != null) ? index.tailSet(ListingKey.of(after), false) : index) {
            if (query.updatedAfter() != null && !key.updatedAt().isAfter(query.updatedAfter())) {
                break;
            }
            if (query.updatedBefore() != null && !key.updatedAt().isBefore(query.updatedBefore())
                    || query.userId() != null && !key.userId().equals(query.userId())) {
                continue;
            }
            MemorySession session = live.apply(new SessionRef(query.tenant(), query.app(), key.userId(),
                    key.sessionId()));
            if (session == null) {
                index.remove(key);
                continue;
            }
            synchronized (session) {
                // A concurrent write has moved the session to a newer key (or away from a metadata value); it is
                // listed there.
                if (session.listingKey().equals(key) && (query.status() == null || query.status() == session.status)
                        && (query.metadataKey() == null
                                || Objects.equals(session.metadata.get(query.metadataKey()), query.metadataValue()))) {
                    page.add(session.summary());
                }
            }
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    /**
     * The index a query walks: its metadata filter's if it has one (a user filter is then applied while walking),
     * else its user's, else its app's.
     * @return the index, or {@code null} if nothing was ever indexed there
     */
    private @Nullable NavigableSet<ListingKey> of(SessionQuery query) {
        AppKey app = new AppKey(query.tenant(), query.app());
        if (query.metadataKey() != null && query.metadataValue() != null) {
            return this.byMetadata.get(new MetadataKey(app, query.metadataKey(), query.metadataValue()));
        }
        if (query.userId() != null) {
            return this.byUser.get(new UserKey(app, query.userId()));
        }
        return this.byApp.get(app);
    }

    /**
     * Drops every index of an app.
     */
    void removeApp(AppKey app) {
        this.byApp.remove(app);
        this.byUser.keySet().removeIf((key) -> key.app().equals(app));
        this.byMetadata.keySet().removeIf((key) -> key.app().equals(app));
    }

    void clear() {
        this.byApp.clear();
        this.byUser.clear();
        this.byMetadata.clear();
    }

    private static void remove(@Nullable NavigableSet<ListingKey> index, ListingKey key) {
        if (index != null) {
            index.remove(key);
        }
    }

    private static NavigableSet<ListingKey> newIndex() {
        return new ConcurrentSkipListSet<>(ListingKey.NEWEST_FIRST);
    }

    /**
     * A session's place in the indexes: a {@link PageCursor} without its argument checks, made from a ref whose
     * parts are already checked, on every write of the session.
     */
    record ListingKey(Instant updatedAt, String userId, String sessionId) {

        /** The order of {@link PageCursor#NEWEST_FIRST}: newest first, then user id and session id descending. */
        static final Comparator<ListingKey> NEWEST_FIRST = (a, b) -> {
            int byTime = b.updatedAt.compareTo(a.updatedAt);
            if (byTime != 0) {
                return byTime;
            }
            int byUser = b.userId.compareTo(a.userId);
            return (byUser != 0) ? byUser : b.sessionId.compareTo(a.sessionId);
        };

        static ListingKey of(PageCursor cursor) {
            return new ListingKey(cursor.updatedAt(), cursor.userId(), cursor.sessionId());
        }

    }

    /**
     * A tenant and app.
     */
    record AppKey(String tenant, String app) {

        static AppKey of(SessionRef ref) {
            return new AppKey(ref.tenant(), ref.app());
        }

    }

    /**
     * A user of an app.
     */
    record UserKey(AppKey app, String userId) {

        UserKey(String tenant, String app, String userId) {
            this(new AppKey(tenant, app), userId);
        }

        static UserKey of(SessionRef ref) {
            return new UserKey(AppKey.of(ref), ref.userId());
        }

    }

    /**
     * A metadata key and value in an app.
     */
    private record MetadataKey(AppKey app, String key, String value) {
    }
}
