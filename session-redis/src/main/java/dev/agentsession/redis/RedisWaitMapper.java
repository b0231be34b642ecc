package dev.agentsession.redis;

import java.util.Objects;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The stored form of a wait, the value of its field in the waiting user's wait hash (see {@link RedisKeys}):
 * {@code <expiresAt micros>|<createdAt micros>|<session>|<JSON of flow and payload>}, {@code <session>} being the
 * encoded session id when the session's owner is the waiting user, else {@code <encoded owner>:<encoded session id>}.
 * The header lets the scripts check expiry and ownership without parsing JSON.
 */
final class RedisWaitMapper {

    private static final String SEPARATOR = "|";

    private static final String OWNER_SEPARATOR = ":";

    private final SessionCodec codec;

    RedisWaitMapper(SessionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /**
     * The stored form of the flow a wait saves on its session ({@link SessionHashField#FLOW}).
     */
    String flow(FlowState flow) {
        return this.codec.writeFlow(flow);
    }

    /**
     * The stored form of a wait.
     */
    String value(SessionWait wait) {
        JsonNode payload = wait.payload();
        String session = RedisKeys.encode(wait.session().sessionId());
        if (wait.waitsForAnotherUser()) {
            session = RedisKeys.encode(wait.session().userId()) + OWNER_SEPARATOR + session;
        }
        return ScriptValues.micros(wait.expiresAt()) + SEPARATOR + ScriptValues.micros(wait.createdAt()) + SEPARATOR
                + session + SEPARATOR + "{\"flow\":"
                + this.codec.writeFlow(wait.flow()) + ",\"payload\":"
                + ((payload != null) ? this.codec.writeValue(payload) : "null") + "}";
    }

    /**
     * The wait stored under a field of a waiting user's wait hash.
     * @throws SessionDataCorruptedException if the value cannot be read
     */
    SessionWait wait(String tenant, String app, String userId, String field, String value) {
        String[] parts = value.split("\\|", 4);
        SessionRef ref = null;
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("the wait header is incomplete");
            }
            int owner = parts[2].indexOf(OWNER_SEPARATOR);
            ref = (owner < 0) ? new SessionRef(tenant, app, userId, RedisKeys.decode(parts[2]))
                    : new SessionRef(tenant, app, RedisKeys.decode(parts[2].substring(0, owner)),
                            RedisKeys.decode(parts[2].substring(owner + 1)));
            JsonNode json = this.codec.mapper().readTree(parts[3]);
            JsonNode flow = json.get("flow");
            if (flow == null || !flow.isObject()) {
                throw new IllegalArgumentException("the wait has no flow");
            }
            return new SessionWait(ref, userId, RedisKeys.replyScope(field),
                    this.codec.readFlow(ref, flow.toString()), payload(json.get("payload")),
                    ScriptValues.instant(parts[1]), ScriptValues.instant(parts[0]));
        }
        catch (IllegalArgumentException | JacksonException ex) {
            throw new SessionDataCorruptedException(ref, "wait of user '" + userId + "' in " + tenant + "/" + app,
                    ex);
        }
    }

    private static @Nullable JsonNode payload(@Nullable JsonNode payload) {
        return (payload == null || payload.isNull()) ? null : payload;
    }
}
