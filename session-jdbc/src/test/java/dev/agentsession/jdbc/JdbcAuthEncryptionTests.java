package dev.agentsession.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthDecryptionException;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the JDBC auth session store promises about secrets at rest (SPEC section 5): the raw rows never hold
 * a token, the previous keys still read after a rotation, a wrong key fails without touching the row, and no
 * key means no write. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcAuthEncryptionTests {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Parameter
    JdbcTestDatabase database;

    private String tenant;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void newTenant() {
        this.tenant = "tenant-" + UUID.randomUUID();
    }

    private AuthSessionKey key(String provider) {
        return new AuthSessionKey(this.tenant, "thread-1", "default", provider);
    }

    private AuthSession active(AuthSessionKey key, AuthContext context) {
        return new AuthSession(key, AuthStatus.ACTIVE, context, true, Set.of("chat:write"), null, this.now,
                this.now.plus(Duration.ofHours(1)));
    }

    private static AuthContext context(String access, String refresh, String extra) {
        return new AuthContext(access, refresh, "Bearer", null, Map.of("id_token", extra));
    }

    /**
     * Every column of the tenant's raw rows, read with plain JDBC, as text (binary columns as hex and as
     * ISO-8859-1 text, so that clear bytes would show too).
     */
    private List<Map<String, String>> rawRows() {
        return new JdbcTemplate(this.database.dataSource()).query(
                "SELECT * FROM " + this.database.table("AUTH_SESSIONS") + " WHERE TENANT = ? ORDER BY PROVIDER",
                (rs, rowNum) -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        String text;
                        if (value instanceof byte[] bytes) {
                            text = HexFormat.of().formatHex(bytes) + " "
                                    + new String(bytes, StandardCharsets.ISO_8859_1);
                        }
                        else {
                            text = String.valueOf(rs.getString(i));
                        }
                        row.put(meta.getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), text);
                    }
                    return row;
                }, this.tenant);
    }

    private static List<String> encodings(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>(List.of(secret, HexFormat.of().formatHex(bytes)));
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder(),
                Base64.getEncoder().withoutPadding(), Base64.getUrlEncoder().withoutPadding())) {
            forms.add(encoder.encodeToString(bytes));
        }
        return forms;
    }

    @Test
    void putWhenContextHoldsSecretsThenNoColumnOfTheRawRowContainsThemInClearOrBase64() {
        String marker = UUID.randomUUID().toString().replace("-", "");
        String access = "xoxp-ACCESS-" + marker;
        String refresh = "xoxe-REFRESH-" + marker;
        String extra = "ID-TOKEN-" + marker;
        AuthContextCipher cipher = JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey());
        JdbcAuthSessionStore store = this.database.authStore(cipher);
        store.put(active(key("slack"), context(access, refresh, extra)));

        List<Map<String, String>> rows = rawRows();
        assertThat(rows).hasSize(1);
        Map<String, String> row = rows.get(0);
        assertThat(row.get("CONTEXT_SEALED")).startsWith("v1." + cipher.currentKeyId() + ".");
        for (String secret : List.of(access, refresh, extra, marker)) {
            for (String form : encodings(secret)) {
                assertThat(row.values()).as("raw columns").noneMatch((value) -> value.contains(form));
            }
        }
        AuthContext read = store.find(key("slack"), this.now).orElseThrow().context();
        assertThat(read).isEqualTo(context(access, refresh, extra));
    }

    @Test
    void findWhenKeyWasRotatedThenPreviousKeyStillReadsAndNewWritesUseTheNewKey() {
        String keyA = JdbcTestDatabase.randomKey();
        String keyB = JdbcTestDatabase.randomKey();
        AuthContextCipher cipherA = JdbcTestDatabase.cipher(keyA);
        AuthContextCipher rotated = JdbcTestDatabase.cipher(keyB, keyA);
        this.database.authStore(cipherA).put(active(key("slack"), context("old-access", "old-refresh", "old")));

        JdbcAuthSessionStore store = this.database.authStore(rotated);
        assertThat(store.find(key("slack"), this.now).orElseThrow().context())
            .isEqualTo(context("old-access", "old-refresh", "old"));
        store.put(active(key("google"), context("new-access", "new-refresh", "new")));
        store.put(active(key("slack"), context("again-access", "again-refresh", "again")));

        assertThat(rawRows()).extracting((row) -> row.get("CONTEXT_SEALED"))
            .allMatch((sealed) -> sealed.startsWith("v1." + rotated.currentKeyId() + "."))
            .hasSize(2);
        assertThat(rotated.currentKeyId()).isNotEqualTo(cipherA.currentKeyId());
        assertThat(store.listForThread(this.tenant, "thread-1", null, this.now))
            .extracting((session) -> session.context().accessToken())
            .containsExactly("new-access", "again-access");
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> this.database.authStore(cipherA).find(key("google"), this.now));
    }

    @Test
    void findWhenKeyIsWrongThenDecryptionFailsAndTheRowIsLeftUnchanged() {
        AuthContextCipher right = JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey());
        this.database.authStore(right).put(active(key("slack"), context("access", "refresh", "extra")));
        List<Map<String, String>> before = rawRows();

        JdbcAuthSessionStore wrong = this.database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()));
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> wrong.find(key("slack"), this.now))
            .withMessageContaining(right.currentKeyId());
        assertThatExceptionOfType(AuthDecryptionException.class)
            .isThrownBy(() -> wrong.listForThread(this.tenant, "thread-1", null, this.now));

        assertThat(rawRows()).isEqualTo(before);
        assertThat(this.database.authStore(right).find(key("slack"), this.now)).isPresent();
    }

    @Test
    void putWhenNoKeyIsConfiguredThenFailsNamingThePropertyAndWritesNothing() {
        JdbcAuthSessionStore store = new JdbcAuthSessionStore(this.database.dataSource(), this.database.settings(),
                new SessionCodec(), null);
        assertThatIllegalStateException()
            .isThrownBy(() -> store.put(active(key("slack"), context("access", "refresh", "extra"))))
            .withMessageContaining(AuthContextCipher.KEY_PROPERTY);
        assertThat(rawRows()).isEmpty();

        AuthSession pending = new AuthSession(key("google"), AuthStatus.PENDING, null, true, Set.of("calendar"),
                "uid-1", this.now, this.now.plus(Duration.ofMinutes(15)));
        store.put(pending);
        assertThat(store.findByResolveUid(this.tenant, "uid-1", this.now)).contains(pending);
        assertThat(rawRows()).extracting((row) -> row.get("CONTEXT_SEALED")).containsExactly("null");
    }

    @Test
    void findWhenNoKeyIsConfiguredAndTheRowIsSealedThenFailsNamingTheProperty() {
        this.database.authStore(JdbcTestDatabase.cipher(JdbcTestDatabase.randomKey()))
            .put(active(key("slack"), context("access", "refresh", "extra")));
        JdbcAuthSessionStore store = new JdbcAuthSessionStore(this.database.dataSource(), this.database.settings(),
                new SessionCodec(), null);
        assertThatIllegalStateException().isThrownBy(() -> store.find(key("slack"), this.now))
            .withMessageContaining(AuthContextCipher.KEY_PROPERTY);
        assertThat(rawRows()).hasSize(1);
    }
}
