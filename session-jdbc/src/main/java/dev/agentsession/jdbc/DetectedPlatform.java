package dev.agentsession.jdbc;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The platform of a store's database: the one the settings fix, or the one the first connection reports,
 * detected on first use so that a store can be created before its database is up.
 */
final class DetectedPlatform {

    private final DataSource dataSource;

    private volatile @Nullable DatabasePlatform platform;

    DetectedPlatform(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = dataSource;
        this.platform = settings.platform();
    }

    DatabasePlatform get() {
        DatabasePlatform resolved = this.platform;
        if (resolved == null) {
            resolved = DatabasePlatform.detect(this.dataSource);
            this.platform = resolved;
        }
        return resolved;
    }
}
