package dev.agentsession.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AuthContextCipherTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final AuthSessionKey KEY = new AuthSessionKey("t", "thread", "default", "slack");

    private static final AuthContext CONTEXT = new AuthContext("xoxp-SECRET-TOKEN", "xoxe-SECRET-REFRESH", "Bearer",
            Instant.parse("2030-01-01T00:00:00Z"), Map.of("team", "T-SECRET"));

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void sealWhenOpenedWithTheSameKeyThenTheContextComesBack() {
        AuthContextCipher cipher = AuthContextCipher.of(newKey(), List.of(), MAPPER);
        String sealed = cipher.seal(KEY, CONTEXT);
        assertThat(sealed).startsWith("v1." + cipher.currentKeyId() + ".").doesNotContain("SECRET");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[2]), StandardCharsets.ISO_8859_1))
            .doesNotContain("SECRET");
        assertThat(cipher.open(KEY, sealed)).isEqualTo(CONTEXT);
    }

    @Test
    void sealWhenCalledTwiceThenNoncesDiffer() {
        AuthContextCipher cipher = AuthContextCipher.of(newKey(), List.of(), MAPPER);
        assertThat(cipher.seal(KEY, CONTEXT)).isNotEqualTo(cipher.seal(KEY, CONTEXT));
    }

    @Test
    void openWhenKeyWasRotatedThenPreviousKeysStillDecryptAndNewWritesUseTheNewKey() {
        String oldKey = newKey();
        String sealedWithOld = AuthContextCipher.of(oldKey, List.of(), MAPPER).seal(KEY, CONTEXT);
        AuthContextCipher rotated = AuthContextCipher.of(newKey(), List.of(oldKey), MAPPER);
        assertThat(rotated.open(KEY, sealedWithOld)).isEqualTo(CONTEXT);
        assertThat(rotated.seal(KEY, CONTEXT)).startsWith("v1." + rotated.currentKeyId() + ".");
    }

    @Test
    void openWhenWrittenWithAnUnknownKeyThenClearErrorNamingTheKeyId() {
        AuthContextCipher writer = AuthContextCipher.of(newKey(), List.of(), MAPPER);
        String sealed = writer.seal(KEY, CONTEXT);
        AuthContextCipher reader = AuthContextCipher.of(newKey(), List.of(), MAPPER);
        assertThatExceptionOfType(AuthDecryptionException.class).isThrownBy(() -> reader.open(KEY, sealed))
            .withMessageContaining(writer.currentKeyId())
            .withMessageContaining("agent.session.auth.previous-keys");
    }

    @Test
    void openWhenCiphertextIsAlteredOrMovedToAnotherKeyThenRefused() {
        AuthContextCipher cipher = AuthContextCipher.of(newKey(), List.of(), MAPPER);
        String sealed = cipher.seal(KEY, CONTEXT);
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThatExceptionOfType(AuthDecryptionException.class).isThrownBy(() -> cipher.open(KEY, altered));
        AuthSessionKey otherRow = new AuthSessionKey("t", "thread", "default", "google");
        assertThatExceptionOfType(AuthDecryptionException.class).isThrownBy(() -> cipher.open(otherRow, sealed));
        assertThatExceptionOfType(AuthDecryptionException.class).isThrownBy(() -> cipher.open(KEY, "garbage"));
    }

    @Test
    void ofWhenKeyIsNotBase64Of32BytesThenExplainsHowToMakeOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthContextCipher.of("not base64!", List.of(), MAPPER))
            .withMessageContaining("agent.session.auth.encryption-key")
            .withMessageContaining("openssl rand -base64 32");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatIllegalArgumentException().isThrownBy(() -> AuthContextCipher.of(shortKey, List.of(), MAPPER))
            .withMessageContaining("16 bytes");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> AuthContextCipher.of(newKey(), List.of("short"), MAPPER))
            .withMessageContaining("previous-keys[0]");
    }

    @Test
    void requireWhenNoCipherThenExplainsHowToSetAKey() {
        assertThatIllegalStateException().isThrownBy(() -> AuthContextCipher.require(null))
            .withMessageContaining("agent.session.auth.encryption-key")
            .withMessageContaining("openssl rand -base64 32");
    }

    @Test
    void toStringThenShowsNoKeyMaterial() {
        String key = newKey();
        AuthContextCipher cipher = AuthContextCipher.of(key, List.of(), MAPPER);
        assertThat(cipher.toString()).doesNotContain(key).contains(cipher.currentKeyId());
        assertThat(CONTEXT.toString()).doesNotContain("SECRET");
    }
}
