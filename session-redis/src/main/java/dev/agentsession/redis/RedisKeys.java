package dev.agentsession.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.EpochMicros;

/**
 * The key layout of the Redis store under a namespace {@code ns} (default {@value #DEFAULT_NAMESPACE}).
 *
 * <p>Every id (tenant, app, user, session, document owner) is written as the lowercase hexadecimal form of
 * its UTF-16 code units, four digits each: {@code "a:b"} becomes {@code 0061003a0062}. The alphabet
 * {@code [0-9a-f]} never contains the separators {@code :} and {@code .} or the hash-tag braces, so no id
 * can end a key part early, forge another key or break the hash tag, and the encoding is one-to-one. It also
 * keeps the order of {@link String#compareTo(String)}, which the listing indexes rely on.
 *
 * <p>Everything of one app lives under one hash tag {@code {<tenant>.<app>}} (the "app tag"), so that a
 * script that appends events, changes {@code user:} and {@code app:} state and moves the listing indexes
 * touches keys of one slot only. The price: one app's data lives on one Cluster shard.
 *
 * <pre>
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:m  hash   the session, fields: SessionHashField          (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:s  hash   session state, key -&gt; JSON                    (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:e  hash   events, seq -&gt; JSON                             (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:i  hash   event id -&gt; seq (idempotence)                  (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:t  zset   seq scored by event timestamp (micros)          (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:w  set    wait entries of the waits this session registered (expires)
 * ns:{T.A}:s:&lt;user&gt;:&lt;session&gt;:x  hash   metadata key -&gt; its metadata index suffix      (expires)
 * ns:{T.A}:us:&lt;user&gt;              hash   user: state of one user
 * ns:{T.A}:ux:&lt;user&gt;              zset   listing index of one user's sessions
 * ns:{T.A}:as                     hash   app: state
 * ns:{T.A}:ax                     zset   listing index of the app's sessions
 * ns:{T.A}:mx:&lt;suffix&gt;            zset   listing index of the app's sessions with one metadata key = value
 * ns:{T.A}:mxs                    set    the metadata index suffixes of the app (for deleteAll)
 * ns:{T.A}:users                  set    users with sessions or waits in the app (for deleteAll)
 * ns:{T.A}:w:&lt;user&gt;               hash   waits for one user's reply: reply-scope field -&gt; wait (expires
 *                                        when its longest-lived wait does)
 * ns:{auth.T}:...                  auth sessions of tenant T, see {@link RedisAuthKeys}
 * ns:{d.&lt;kind&gt;.T.&lt;owner&gt;}:h / :k   documents of one scope: hash key -&gt; JSON, zset of keys
 * </pre>
 *
 * <p>A wait field is {@code <channel>.<conversation>.<thread>}, each part encoded, and {@code -} for "no
 * thread" (never an encoded value, which is only hex digits). A wait value is
 * {@code <expiresAt micros>|<createdAt micros>|<session>|<JSON of flow and payload>}, where {@code <session>} is the
 * encoded session id when the session's owner is the waiting user, else {@code <encoded owner>:<encoded session id>}:
 * the header lets the scripts check expiry and ownership without parsing JSON. The per-session {@code :w} set lists
 * the waits the session registered, each as its field (a wait for the owner's reply) or
 * {@code <encoded waiting user>:<field>}, so that deleting or archiving it removes exactly its waits (a field whose
 * wait was since replaced by another session's is left alone).
 *
 * <p>A metadata index suffix is the SHA-256 (hex) of the length-prefixed key and value, so an index key stays short
 * whatever the value; the session's {@code :x} hash remembers the suffix of each of its keys, so that every write
 * moves the session in its metadata indexes as in the app and user indexes.
 *
 * <p>Nothing indexes a user across apps (a key under another hash tag could not be written by the scripts in the
 * same step): the privacy operations find the apps where a user has keys ({@code ux}, {@code us} or {@code w}) by
 * scanning the namespace with {@link #userKeysPattern(String, String)}.
 *
 * <p>Index members are {@code <16 hex digits of updatedAt micros><user>.<session>}, all with score 0, so
 * that their byte order is {@link dev.agentsession.store.PageCursor#NEWEST_FIRST} reversed and a page is
 * one {@code ZREVRANGEBYLEX}.
 *
 * @param namespace the key prefix
 */
public record RedisKeys(String namespace) {

    /** The namespace used when none is configured. */
    public static final String DEFAULT_NAMESPACE = "agent:session";

    /** The suffixes of a session's own keys, in the order the scripts receive them first. */
    static final List<String> SESSION_SUFFIXES = List.of("m", "s", "e", "i", "t");

    /** Where the waits' hash sits in {@link #sessionScriptKeys(SessionRef)}. */
    private static final int WAITS_KEY = 11;

    /**
     * Checks the namespace.
     * @param namespace the key prefix: 1 to 128 characters, no braces, whitespace or control characters
     */
    public RedisKeys {
        Objects.requireNonNull(namespace, "namespace must not be null");
        if (namespace.isEmpty() || namespace.length() > 128) {
            throw new IllegalArgumentException("agent.session.redis.namespace must be 1 to 128 characters, was '"
                    + namespace + "'");
        }
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (c == '{' || c == '}' || Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("agent.session.redis.namespace must not contain '{', '}', "
                        + "whitespace or control characters, was '" + namespace + "'");
            }
        }
    }

    /**
     * Encodes one id as the hexadecimal form of its UTF-16 code units.
     * @param id the id
     * @return the encoded id, only {@code [0-9a-f]}
     */
    public static String encode(String id) {
        StringBuilder hex = new StringBuilder(id.length() * 4);
        for (int i = 0; i < id.length(); i++) {
            String unit = Integer.toHexString(id.charAt(i));
            hex.append("0000", unit.length(), 4).append(unit);
        }
        return hex.toString();
    }

    /**
     * Decodes an id written by {@link #encode(String)}.
     * @param hex the encoded id
     * @return the id
     * @throws IllegalArgumentException if {@code hex} is not an encoded id
     */
    public static String decode(String hex) {
        if (hex.length() % 4 != 0) {
            throw new IllegalArgumentException("Not an encoded id: " + hex);
        }
        StringBuilder id = new StringBuilder(hex.length() / 4);
        for (int i = 0; i < hex.length(); i += 4) {
            id.append((char) Integer.parseInt(hex, i, i + 4, 16));
        }
        return id.toString();
    }

    /**
     * The hash tag of an app, braces included.
     * @param tenant the tenant
     * @param app the app
     * @return the tag
     */
    public static String appTag(String tenant, String app) {
        return "{" + encode(Identifiers.requireValid("tenant", tenant)) + "."
                + encode(Identifiers.requireValid("app", app)) + "}";
    }

    /**
     * The prefix of every key of an app, ending with a colon.
     * @param tenant the tenant
     * @param app the app
     * @return the prefix
     */
    public String appPrefix(String tenant, String app) {
        return this.namespace + ":" + appTag(tenant, app) + ":";
    }

    /**
     * The prefix of the session keys of an app: a session's base key is this, the user, {@code :} and the
     * session id.
     * @param tenant the tenant
     * @param app the app
     * @return the prefix
     */
    public String sessionPrefix(String tenant, String app) {
        return appPrefix(tenant, app) + "s:";
    }

    /**
     * The base key of a session, to which {@code :m}, {@code :s}, {@code :e}, {@code :i} or {@code :t} is
     * appended.
     * @param ref the session
     * @return the base key
     */
    public String session(SessionRef ref) {
        return sessionPrefix(ref.tenant(), ref.app()) + encode(ref.userId()) + ":" + encode(ref.sessionId());
    }

    /**
     * Every key a session script touches, in the order the scripts expect: the five session keys, then user
     * state, app state, app index, user index and the app's user set, then the session's set of wait entries
     * and the user's waits, then the session's metadata index suffixes and the app's set of them.
     * @param ref the session
     * @return the keys, all in one hash slot
     */
    public List<String> sessionScriptKeys(SessionRef ref) {
        return sessionScriptKeys(ref, ref.userId());
    }

    /**
     * The keys of a session script that registers or claims a wait for a user's reply: those of
     * {@link #sessionScriptKeys(SessionRef)}, with the waiting user's waits in place of the owner's.
     * @param ref the session
     * @param waitingUserId the user whose reply is awaited
     * @return the keys, all in one hash slot
     */
    public List<String> sessionScriptKeys(SessionRef ref, String waitingUserId) {
        String base = session(ref);
        String app = appPrefix(ref.tenant(), ref.app());
        String user = encode(ref.userId());
        List<String> keys = new ArrayList<>(List.of(base + ":m", base + ":s", base + ":e", base + ":i", base + ":t",
                app + "us:" + user, app + "as", app + "ax", app + "ux:" + user, app + "users", base + ":w",
                app + "w:" + user, base + ":x", app + "mxs"));
        keys.set(WAITS_KEY, waits(ref.tenant(), ref.app(), waitingUserId));
        return List.copyOf(keys);
    }

    /**
     * The keys of the script that forks {@code source} into {@code target}: those of
     * {@link #sessionScriptKeys(SessionRef)} for the target, then the source's hash. A fork stays in its source's
     * tenant, app and user, so under the same app tag: the script writes the whole new session in the slot it reads
     * the source's version from.
     * @param source the session forked
     * @param target the new session
     * @return the keys, all in one hash slot
     */
    public List<String> forkScriptKeys(SessionRef source, SessionRef target) {
        List<String> keys = new ArrayList<>(sessionScriptKeys(target));
        keys.add(session(source) + ":m");
        return List.copyOf(keys);
    }

    /**
     * The hash of one user's waits.
     * @param tenant the tenant
     * @param app the app
     * @param userId the user
     * @return the key
     */
    public String waits(String tenant, String app, String userId) {
        return appPrefix(tenant, app) + "w:" + encode(Identifiers.requireValid("userId", userId));
    }

    /**
     * The field of a reply scope in a user's wait hash: channel, conversation and thread encoded, joined by
     * {@code .}, with {@code -} for no thread.
     * @param scope the reply scope
     * @return the field
     */
    public static String waitField(ReplyScope scope) {
        return encode(scope.channel()) + "." + encode(scope.conversation()) + "."
                + ((scope.thread() != null) ? encode(scope.thread()) : "-");
    }

    /**
     * The reply scope of a wait field written by {@link #waitField(ReplyScope)}.
     * @param field the field
     * @return the scope
     * @throws IllegalArgumentException if {@code field} is not a wait field
     */
    public static ReplyScope replyScope(String field) {
        String[] parts = field.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a wait field: " + field);
        }
        return new ReplyScope(decode(parts[0]), decode(parts[1]), parts[2].equals("-") ? null : decode(parts[2]));
    }

    /**
     * The listing index of an app.
     * @param tenant the tenant
     * @param app the app
     * @return the key
     */
    public String appIndex(String tenant, String app) {
        return appPrefix(tenant, app) + "ax";
    }

    /**
     * The listing index of one user of an app.
     * @param tenant the tenant
     * @param app the app
     * @param userId the user
     * @return the key
     */
    public String userIndex(String tenant, String app, String userId) {
        return appPrefix(tenant, app) + "ux:" + encode(userId);
    }

    /**
     * The {@code user:} state of one user of an app.
     * @param tenant the tenant
     * @param app the app
     * @param userId the user
     * @return the key
     */
    public String userState(String tenant, String app, String userId) {
        return appPrefix(tenant, app) + "us:" + encode(userId);
    }

    /**
     * The listing index of an app's sessions whose metadata maps a key to a value.
     * @param tenant the tenant
     * @param app the app
     * @param key the metadata key
     * @param value the value
     * @return the key
     */
    public String metadataIndex(String tenant, String app, String key, String value) {
        return appPrefix(tenant, app) + "mx:" + metadataSuffix(key, value);
    }

    /**
     * The set of an app's metadata index suffixes.
     * @param tenant the tenant
     * @param app the app
     * @return the key
     */
    public String metadataSuffixes(String tenant, String app) {
        return appPrefix(tenant, app) + "mxs";
    }

    /**
     * The suffix of a metadata index key: the SHA-256 of the key and the value, each length-prefixed, in hex.
     * @param key the metadata key
     * @param value the value
     * @return 64 hex digits
     */
    public static String metadataSuffix(String key, String value) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
        for (String part : List.of(key, value)) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The glob pattern, for SCAN, of the keys that name a user of a tenant last in any app: the user's listing index
     * ({@code ux}), state ({@code us}) and waits ({@code w}). No other key ends with an encoded id after a colon.
     * @param tenant the tenant
     * @param userId the user
     * @return the pattern
     */
    public String userKeysPattern(String tenant, String userId) {
        return escapeGlob(this.namespace) + ":{" + encode(Identifiers.requireValid("tenant", tenant)) + ".*}:*:"
                + encode(Identifiers.requireValid("userId", userId));
    }

    /**
     * The app whose hash tag a key of the namespace carries.
     * @param key a key under an app tag
     * @return the app
     * @throws IllegalArgumentException if the key carries no app tag
     */
    static String appOf(String key) {
        int open = key.indexOf('{');
        int dot = key.indexOf('.', open);
        int close = key.indexOf('}', open);
        if (open < 0 || dot < 0 || close < dot) {
            throw new IllegalArgumentException("Not a key of an app: " + key);
        }
        return decode(key.substring(dot + 1, close));
    }

    /**
     * The {@code app:} state of an app.
     * @param tenant the tenant
     * @param app the app
     * @return the key
     */
    public String appState(String tenant, String app) {
        return appPrefix(tenant, app) + "as";
    }

    /**
     * The set of users of an app.
     * @param tenant the tenant
     * @param app the app
     * @return the key
     */
    public String users(String tenant, String app) {
        return appPrefix(tenant, app) + "users";
    }

    /**
     * The glob pattern that matches every app index of the namespace, for SCAN.
     * @return the pattern
     */
    public String appIndexPattern() {
        return escapeGlob(this.namespace) + ":{*}:ax";
    }

    /**
     * The glob pattern that matches every key of the namespace, for SCAN.
     * @return the pattern
     */
    public String namespacePattern() {
        return escapeGlob(this.namespace) + ":*";
    }

    /**
     * The two keys of a document scope: the hash of documents and the sorted set of their keys.
     * @param scope the scope
     * @return the hash key and the key-set key, sharing one hash tag
     */
    public List<String> documentKeys(DocumentScope scope) {
        String base = this.namespace + ":{d." + scope.kind().name().toLowerCase(Locale.ROOT).charAt(0) + "."
                + encode(scope.tenant()) + "." + encode(scope.owner()) + "}:";
        return List.of(base + "h", base + "k");
    }

    /**
     * The index member of a session: updatedAt, user and session id in an order-preserving form.
     * @param updatedAt the update time
     * @param userId the user
     * @param sessionId the session id
     * @return the member
     */
    public static String indexMember(Instant updatedAt, String userId, String sessionId) {
        return sortableMicros(EpochMicros.of(updatedAt)) + encode(userId) + "." + encode(sessionId);
    }

    /**
     * The session an index member written by {@link #indexMember(Instant, String, String)} stands for.
     * @param tenant the tenant of the index
     * @param app the app of the index
     * @param member the member
     * @return the session
     */
    static SessionRef indexedSession(String tenant, String app, String member) {
        int dot = member.indexOf('.', 16);
        return new SessionRef(tenant, app, decode(member.substring(16, dot)), decode(member.substring(dot + 1)));
    }

    /**
     * The session an index member stands for in an app index found by {@link #appIndexPattern()}.
     * @param index the app index key, {@code <namespace>:{<tenant>.<app>}:ax} with both encoded
     * @param member the member
     * @return the session
     */
    static SessionRef indexedSession(String index, String member) {
        String tag = index.substring(index.lastIndexOf('{') + 1, index.lastIndexOf('}'));
        int dot = tag.indexOf('.');
        return indexedSession(decode(tag.substring(0, dot)), decode(tag.substring(dot + 1)), member);
    }

    /**
     * Sixteen hex digits whose byte order is the numeric order of {@code micros}.
     * @param micros microseconds since the epoch
     * @return the digits
     */
    static String sortableMicros(long micros) {
        String hex = Long.toHexString(micros ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static String escapeGlob(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
