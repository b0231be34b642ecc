package dev.agentsession;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which sessions {@link SessionManager#list(SessionQuery)} returns: those of one app, optionally narrowed
 * to a user, a status, a range of update times and one metadata key = value, newest {@code updatedAt} first,
 * one page at a time. The metadata filter is served by an index of each key and value, so a filtered page costs
 * what it holds, like an unfiltered one.
 *
 * @param tenant the tenant
 * @param app the app
 * @param userId only this user's sessions, or {@code null} for every user
 * @param status only sessions with this status, or {@code null} for both
 * @param updatedBefore only sessions updated strictly before this instant, or {@code null}
 * @param updatedAfter only sessions updated strictly after this instant, or {@code null}
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param pageToken the {@link SessionPage#nextPageToken()} of the previous page, or {@code null} for the first
 * @param metadataKey only sessions whose metadata has this key, with {@code metadataValue}; or {@code null}
 * @param metadataValue the value {@code metadataKey} must have; {@code null} exactly when the key is
 */
public record SessionQuery(String tenant, String app, @Nullable String userId, @Nullable SessionStatus status,
        @Nullable Instant updatedBefore, @Nullable Instant updatedAfter, int limit, @Nullable String pageToken,
        @Nullable String metadataKey, @Nullable String metadataValue) {

    /** The page size used when none is given. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest page size accepted. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Checks the arguments.
     */
    public SessionQuery {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("app", app);
        if (userId != null) {
            Identifiers.requireValid("userId", userId);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        Timestamps.requireStorable("updatedBefore", updatedBefore);
        Timestamps.requireStorable("updatedAfter", updatedAfter);
        if ((metadataKey == null) != (metadataValue == null)) {
            throw new IllegalArgumentException("A metadata filter needs both a key and a value");
        }
        if (metadataKey != null) {
            Identifiers.requireValid("metadata key", metadataKey);
        }
    }

    /**
     * A query without a metadata filter.
     * @param tenant the tenant
     * @param app the app
     * @param userId only this user's sessions, or {@code null} for every user
     * @param status only sessions with this status, or {@code null} for both
     * @param updatedBefore only sessions updated strictly before this instant, or {@code null}
     * @param updatedAfter only sessions updated strictly after this instant, or {@code null}
     * @param limit the page size, 1 to {@value #MAX_LIMIT}
     * @param pageToken the {@link SessionPage#nextPageToken()} of the previous page, or {@code null} for the first
     */
    public SessionQuery(String tenant, String app, @Nullable String userId, @Nullable SessionStatus status,
            @Nullable Instant updatedBefore, @Nullable Instant updatedAfter, int limit, @Nullable String pageToken) {
        this(tenant, app, userId, status, updatedBefore, updatedAfter, limit, pageToken, null, null);
    }

    /**
     * The first page of an app's sessions in the default tenant.
     * @param app the app
     * @return the query
     */
    public static SessionQuery forApp(String app) {
        return forApp(SessionRef.DEFAULT_TENANT, app);
    }

    /**
     * The first page of an app's sessions.
     * @param tenant the tenant
     * @param app the app
     * @return the query
     */
    public static SessionQuery forApp(String tenant, String app) {
        return new SessionQuery(tenant, app, null, null, null, null, DEFAULT_LIMIT, null);
    }

    /**
     * This query narrowed to one user.
     * @param userId the user
     * @return the query
     */
    public SessionQuery withUser(String userId) {
        return new SessionQuery(this.tenant, this.app, userId, this.status, this.updatedBefore, this.updatedAfter,
                this.limit, this.pageToken, this.metadataKey, this.metadataValue);
    }

    /**
     * This query narrowed to one status.
     * @param status the status
     * @return the query
     */
    public SessionQuery withStatus(SessionStatus status) {
        return new SessionQuery(this.tenant, this.app, this.userId, status, this.updatedBefore, this.updatedAfter,
                this.limit, this.pageToken, this.metadataKey, this.metadataValue);
    }

    /**
     * This query narrowed to sessions updated before an instant.
     * @param instant the exclusive upper bound
     * @return the query
     */
    public SessionQuery withUpdatedBefore(Instant instant) {
        return new SessionQuery(this.tenant, this.app, this.userId, this.status, instant, this.updatedAfter,
                this.limit, this.pageToken, this.metadataKey, this.metadataValue);
    }

    /**
     * This query narrowed to sessions updated after an instant.
     * @param instant the exclusive lower bound
     * @return the query
     */
    public SessionQuery withUpdatedAfter(Instant instant) {
        return new SessionQuery(this.tenant, this.app, this.userId, this.status, this.updatedBefore, instant,
                this.limit, this.pageToken, this.metadataKey, this.metadataValue);
    }

    /**
     * This query narrowed to sessions whose metadata maps {@code key} to {@code value}.
     * @param key the metadata key
     * @param value the value it must have
     * @return the query
     */
    public SessionQuery withMetadata(String key, String value) {
        Objects.requireNonNull(value, "metadata value must not be null");
        return new SessionQuery(this.tenant, this.app, this.userId, this.status, this.updatedBefore,
                this.updatedAfter, this.limit, this.pageToken, key, value);
    }

    /**
     * This query with another page size.
     * @param limit the page size
     * @return the query
     */
    public SessionQuery withLimit(int limit) {
        return new SessionQuery(this.tenant, this.app, this.userId, this.status, this.updatedBefore,
                this.updatedAfter, limit, this.pageToken, this.metadataKey, this.metadataValue);
    }

    /**
     * This query asking for the page after the one that returned {@code pageToken}.
     * @param pageToken the token, or {@code null} for the first page
     * @return the query
     */
    public SessionQuery withPageToken(@Nullable String pageToken) {
        return new SessionQuery(this.tenant, this.app, this.userId, this.status, this.updatedBefore,
                this.updatedAfter, this.limit, pageToken, this.metadataKey, this.metadataValue);
    }
}
