package dev.agentsession.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The platform comes from the connection's product name; MariaDB uses the MySQL scripts.
 */
class JdbcDatabasePlatformTests {

    @ParameterizedTest
    @CsvSource({ "H2, H2", "SQLite, SQLITE", "PostgreSQL, POSTGRESQL", "MySQL, MYSQL", "MariaDB, MYSQL" })
    void fromProductNameWhenSupportedThenPlatform(String productName, DatabasePlatform expected) {
        assertThat(DatabasePlatform.fromProductName(productName)).isEqualTo(expected);
    }

    @Test
    void fromProductNameWhenUnsupportedThenFailsListingTheSupportedOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> DatabasePlatform.fromProductName("Oracle"))
            .withMessageContaining("Oracle")
            .withMessageContaining("postgresql")
            .withMessageContaining("agent.session.jdbc.platform");
    }

    @Test
    void detectWhenEmbeddedDatabasesThenFromTheConnection() {
        try (JdbcTestDatabase h2 = JdbcTestDatabase.open(DatabasePlatform.H2);
                JdbcTestDatabase sqlite = JdbcTestDatabase.open(DatabasePlatform.SQLITE)) {
            assertThat(DatabasePlatform.detect(h2.dataSource())).isEqualTo(DatabasePlatform.H2);
            assertThat(DatabasePlatform.detect(sqlite.dataSource())).isEqualTo(DatabasePlatform.SQLITE);
            assertThat(h2.store().platform()).isEqualTo(DatabasePlatform.H2);
        }
    }

    @Test
    void detectWhenServerDatabasesThenFromTheConnection() {
        try (JdbcTestDatabase postgresql = JdbcTestDatabase.open(DatabasePlatform.POSTGRESQL);
                JdbcTestDatabase mariadb = JdbcTestDatabase.open(DatabasePlatform.MYSQL)) {
            assertThat(DatabasePlatform.detect(postgresql.dataSource())).isEqualTo(DatabasePlatform.POSTGRESQL);
            assertThat(DatabasePlatform.detect(mariadb.dataSource())).isEqualTo(DatabasePlatform.MYSQL);
        }
    }

    @Test
    void scriptsWhenAnyPlatformThenShippedOnTheClasspath() {
        for (DatabasePlatform platform : DatabasePlatform.values()) {
            assertThat(getClass().getClassLoader().getResource(platform.schemaScript())).as(platform.schemaScript())
                .isNotNull();
            assertThat(getClass().getClassLoader().getResource(platform.dropScript())).as(platform.dropScript())
                .isNotNull();
        }
    }
}
