package dev.agentsession.jdbc;

import dev.agentsession.SessionDataCorruptedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.AgentSession;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.LeaseFence;
import dev.agentsession.store.RewoundRanges;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;

/**
 * One row of the sessions table, times in epoch microseconds.
 *
 * @param pk the row's generated id, the key of its events, session state and waits
 * @param status active or archived
 * @param metadataJson the metadata, JSON
 * @param flowJson the flow state a wait saved, JSON, or {@code null}
 * @param eventCount the events stored, also the sequence number of the last one
 * @param version the version, advanced by every write
 * @param createdAt when the session was created
 * @param updatedAt when it was last written
 * @param expiresAt when it expires, or {@code null}
 * @param rewound the ranges rewinds took out of the effective history
 * @param leaseToken the last fencing token issued for the session's run lease, 0 if none
 * @param leaseExpiresAt when its run lease expires, or {@code null} when released or never taken
 * @param compactionSeq the seq of its latest {@code COMPACTION} event, 0 if none
 * @param compactedToSeq the last event that compaction stands for, 0 if none
 * @param firstSeq the first event history retention kept
 */
record SessionRow(long pk, SessionStatus status, String metadataJson, @Nullable String flowJson, long eventCount,
        long version, long createdAt, long updatedAt, @Nullable Long expiresAt, RewoundRanges rewound,
        long leaseToken, @Nullable Long leaseExpiresAt, long compactionSeq, long compactedToSeq, long firstSeq) {

    /** The columns {@link #map(ResultSet)} reads. */
    static final String COLUMNS = """
            ID, STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT, UPDATED_AT, EXPIRES_AT, REWOUND_JSON,
            LEASE_TOKEN, LEASE_EXPIRES_AT, COMPACTION_SEQ, COMPACTED_TO_SEQ, FIRST_SEQ\
            """;

    /**
     * @throws SessionDataCorruptedException if the status is not one of {@link SessionStatus} or the rewound ranges
     * cannot be read
     */
    static SessionRow map(ResultSet rs, SessionRef ref) throws SQLException {
        long expires = rs.getLong("EXPIRES_AT");
        Long expiresAt = rs.wasNull() ? null : expires;
        long leaseExpires = rs.getLong("LEASE_EXPIRES_AT");
        Long leaseExpiresAt = rs.wasNull() ? null : leaseExpires;
        return new SessionRow(rs.getLong("ID"), status(rs.getString("STATUS"), ref),
                Objects.requireNonNull(rs.getString("METADATA_JSON")), rs.getString("FLOW_JSON"),
                rs.getLong("EVENT_COUNT"), rs.getLong("VERSION"), rs.getLong("CREATED_AT"), rs.getLong("UPDATED_AT"),
                expiresAt, rewound(rs.getString("REWOUND_JSON"), ref), rs.getLong("LEASE_TOKEN"), leaseExpiresAt,
                rs.getLong("COMPACTION_SEQ"), rs.getLong("COMPACTED_TO_SEQ"), rs.getLong("FIRST_SEQ"));
    }

    private static RewoundRanges rewound(@Nullable String json, SessionRef ref) {
        try {
            return RewoundRanges.parse(json);
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(ref, "rewound ranges", null);
        }
    }

    private static SessionStatus status(@Nullable String status, SessionRef ref) {
        try {
            return SessionStatus.valueOf(Objects.requireNonNull(status));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new SessionDataCorruptedException(ref, "status", null);
        }
    }

    boolean isExpired(Instant now) {
        return this.expiresAt != null && this.expiresAt <= EpochMicros.of(now);
    }

    /**
     * @throws SessionArchivedException if the session is archived
     */
    void requireActive(SessionRef ref) {
        if (this.status == SessionStatus.ARCHIVED) {
            throw new SessionArchivedException(ref);
        }
    }

    /**
     * @throws SessionLeasedException if the session's run lease refuses a write; see {@link LeaseFence}
     */
    void requireLease(SessionRef ref, @Nullable Long fencingToken, Instant now) {
        LeaseFence.check(ref, fencingToken, this.leaseToken, EpochMicros.toInstantOrNull(this.leaseExpiresAt), now);
    }

    boolean isLeased(Instant now) {
        return this.leaseExpiresAt != null && this.leaseExpiresAt > EpochMicros.of(now);
    }

    /**
     * @throws StaleSessionException if a version is expected and this is not it
     */
    void requireVersion(SessionRef ref, @Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != this.version) {
            throw new StaleSessionException(ref, expectedVersion, this.version);
        }
    }

    /**
     * This row after a write that added events and moved the update time and expiry.
     */
    SessionRow advanced(int addedEvents, Instant now, @Nullable Instant newExpiresAt) {
        return new SessionRow(this.pk, this.status, this.metadataJson, this.flowJson, this.eventCount + addedEvents,
                this.version + 1, this.createdAt, EpochMicros.of(now), EpochMicros.ofNullable(newExpiresAt),
                this.rewound, this.leaseToken, this.leaseExpiresAt,
                this.compactionSeq, this.compactedToSeq, this.firstSeq);
    }

    /**
     * This row after a rewind that appended its marker and took a range out of the effective history.
     */
    SessionRow rewound(RewoundRanges newRewound, Instant now, @Nullable Instant newExpiresAt) {
        return new SessionRow(this.pk, this.status, this.metadataJson, this.flowJson, this.eventCount + 1,
                this.version + 1, this.createdAt, EpochMicros.of(now), EpochMicros.ofNullable(newExpiresAt),
                newRewound, this.leaseToken, this.leaseExpiresAt,
                this.compactionSeq, this.compactedToSeq, this.firstSeq);
    }

    /**
     * This row after a write that replaced its flow state (or cleared it, with {@code null}).
     */
    SessionRow withFlow(@Nullable String newFlowJson, Instant now, @Nullable Instant newExpiresAt) {
        return new SessionRow(this.pk, this.status, this.metadataJson, newFlowJson, this.eventCount, this.version + 1,
                this.createdAt, EpochMicros.of(now), EpochMicros.ofNullable(newExpiresAt), this.rewound, this.leaseToken,
                this.leaseExpiresAt, this.compactionSeq, this.compactedToSeq, this.firstSeq);
    }

    /**
     * This row after a write that replaced its metadata.
     */
    SessionRow withMetadata(String newMetadataJson, Instant now, @Nullable Instant newExpiresAt) {
        return new SessionRow(this.pk, this.status, newMetadataJson, this.flowJson, this.eventCount, this.version + 1,
                this.createdAt, EpochMicros.of(now), EpochMicros.ofNullable(newExpiresAt), this.rewound, this.leaseToken,
                this.leaseExpiresAt, this.compactionSeq, this.compactedToSeq, this.firstSeq);
    }

    /**
     * Whether the session has metadata, and so rows in the metadata index whose sort key moves with it.
     * @param emptyMetadataJson the JSON the store writes for no metadata
     */
    boolean hasMetadata(String emptyMetadataJson) {
        return !this.metadataJson.equals(emptyMetadataJson);
    }

    /**
     * The metadata as stored.
     */
    Map<String, String> metadata(SessionCodec codec, SessionRef ref) {
        return codec.readStringMap(ref, "metadata", this.metadataJson);
    }

    AgentSession toSession(SessionCodec codec, SessionRef ref, Map<String, Object> state, List<SessionEvent> events) {
        FlowState flow = (this.flowJson != null) ? codec.readFlow(ref, this.flowJson) : null;
        return new AgentSession(ref, this.status, metadata(codec, ref), state, flow, events, this.eventCount,
                this.version, EpochMicros.toInstant(this.createdAt), EpochMicros.toInstant(this.updatedAt),
                EpochMicros.toInstantOrNull(this.expiresAt));
    }

    SessionSummary toSummary(SessionCodec codec, SessionRef ref) {
        return new SessionSummary(ref, this.status, metadata(codec, ref), this.eventCount, this.version,
                EpochMicros.toInstant(this.createdAt), EpochMicros.toInstant(this.updatedAt),
                EpochMicros.toInstantOrNull(this.expiresAt));
    }
}
