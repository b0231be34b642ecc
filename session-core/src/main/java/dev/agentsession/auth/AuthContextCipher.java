package dev.agentsession.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encrypts an {@link AuthContext} for a persistent store with AES-256-GCM from the JDK: a random 96-bit nonce
 * per write, a 128-bit tag, and the auth session's key as associated data, so that a ciphertext copied to
 * another row does not decrypt. The sealed form {@code v1.<key id>.<base64url(nonce + ciphertext)>} names the
 * key that wrote it, so that after a rotation the previous keys still decrypt while new writes use the new key.
 */
public final class AuthContextCipher {

    /** The property that holds the current key, named in error messages. */
    public static final String KEY_PROPERTY = "agent.session.auth.encryption-key";

    /** How to make a key, given in error messages. */
    public static final String KEY_HELP = "set " + KEY_PROPERTY
            + " to a base64-encoded 32-byte key, for example the output of: openssl rand -base64 32";

    private static final String VERSION = "v1";

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final String currentKeyId;

    private final Map<String, SecretKey> keys;

    private final JsonMapper mapper;

    private final SecureRandom random = new SecureRandom();

    private AuthContextCipher(String currentKeyId, Map<String, SecretKey> keys, JsonMapper mapper) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
        this.mapper = mapper;
    }

    /**
     * A cipher that writes with {@code currentKey} and also reads what the previous keys wrote.
     * @param currentKey the current key, base64 of 32 bytes
     * @param previousKeys earlier keys, base64 of 32 bytes each
     * @param mapper writes the context as JSON before encryption
     * @return the cipher
     * @throws IllegalArgumentException if a key is not base64 of 32 bytes
     */
    public static AuthContextCipher of(String currentKey, List<String> previousKeys, JsonMapper mapper) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        SecretKey current = decodeKey(KEY_PROPERTY, currentKey);
        String currentId = keyId(current);
        keys.put(currentId, current);
        for (int i = 0; i < previousKeys.size(); i++) {
            SecretKey previous = decodeKey("agent.session.auth.previous-keys[" + i + "]", previousKeys.get(i));
            keys.putIfAbsent(keyId(previous), previous);
        }
        return new AuthContextCipher(currentId, Map.copyOf(keys), mapper);
    }

    /**
     * Returns the cipher, or explains how to configure one.
     * @param cipher the configured cipher, or {@code null}
     * @return the cipher
     * @throws IllegalStateException if none is configured
     */
    public static AuthContextCipher require(@Nullable AuthContextCipher cipher) {
        if (cipher == null) {
            throw new IllegalStateException(
                    "Auth sessions are stored encrypted and no encryption key is configured: " + KEY_HELP);
        }
        return cipher;
    }

    /**
     * The id of the key new writes use: the first 8 bytes of its SHA-256, in hex. Not secret.
     * @return the key id
     */
    public String currentKeyId() {
        return this.currentKeyId;
    }

    /**
     * Encrypts a context for one auth session.
     * @param key the auth session it belongs to (bound as associated data)
     * @param context the credential
     * @return the sealed text
     */
    public String seal(AuthSessionKey key, AuthContext context) {
        byte[] plain = this.mapper.writeValueAsBytes(context);
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(key));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + this.currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    /**
     * Decrypts a context sealed by {@link #seal(AuthSessionKey, AuthContext)} with this or a previous key.
     * @param key the auth session it belongs to
     * @param sealed the sealed text
     * @return the credential
     * @throws AuthDecryptionException if the key that wrote it is unknown or the text was altered
     */
    public AuthContext open(AuthSessionKey key, String sealed) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new AuthDecryptionException("Stored credential of " + key + " is not in the sealed format", null);
        }
        SecretKey secret = this.keys.get(parts[1]);
        if (secret == null) {
            throw new AuthDecryptionException("Stored credential of " + key + " was encrypted with key id " + parts[1]
                    + ", which is neither " + KEY_PROPERTY + " (key id " + this.currentKeyId
                    + ") nor one of agent.session.auth.previous-keys", null);
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(key));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return this.mapper.readValue(plain, AuthContext.class);
        }
        catch (GeneralSecurityException | IllegalArgumentException | JacksonException ex) {
            throw new AuthDecryptionException("Stored credential of " + key + " cannot be decrypted with key id "
                    + parts[1] + ": it was altered or belongs to another auth session", ex);
        }
    }

    /**
     * Whether a sealed text names a key this cipher has. When it does and {@link #open(AuthSessionKey, String)}
     * still fails, that one record is damaged; when it does not, a key is missing from the configuration, which
     * affects every record that key wrote.
     * @param sealed the sealed text
     * @return {@code true} if the text is in the sealed format with a known key id
     */
    public boolean hasKeyFor(String sealed) {
        String[] parts = sealed.split("\\.", 3);
        return parts.length == 3 && VERSION.equals(parts[0]) && this.keys.containsKey(parts[1]);
    }

    private static byte[] associatedData(AuthSessionKey key) {
        // Identifiers cannot contain control characters, so a newline cannot occur inside a part.
        return String.join("\n", key.tenant(), key.threadId(), key.profile(), key.provider())
            .getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey decodeKey(String property, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(Objects.requireNonNull(base64, property + " must not be null").trim());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " is not valid base64; " + KEY_HELP, ex);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    property + " decodes to " + bytes.length + " bytes, AES-256 needs 32; " + KEY_HELP);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String keyId(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    /**
     * Names the current key id only; never a key.
     * @return the description
     */
    @Override
    public String toString() {
        return "AuthContextCipher[AES-256-GCM, current key id " + this.currentKeyId + ", " + this.keys.size()
                + " key(s)]";
    }
}
