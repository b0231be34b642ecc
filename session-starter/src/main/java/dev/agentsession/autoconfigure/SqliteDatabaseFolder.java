package dev.agentsession.autoconfigure;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The folder a SQLite file URL needs. SQLite creates a missing database file but not its folder, and then reports
 * only {@code SQLITE_CANTOPEN}, which names neither the file nor the folder.
 */
final class SqliteDatabaseFolder {

    private static final String PREFIX = "jdbc:sqlite:";

    private SqliteDatabaseFolder() {
    }

    /**
     * The folder of a SQLite file URL when that folder does not exist.
     * @param url a JDBC URL, possibly not SQLite's
     * @return the missing folder, or {@code null} when the URL is not a SQLite file URL or its folder exists
     */
    static @Nullable Path missing(@Nullable String url) {
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return null;
        }
        String location = url.substring(PREFIX.length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isEmpty() || location.contains(":memory:")) {
            return null;
        }
        try {
            Path folder = Path.of(location).toAbsolutePath().getParent();
            return (folder != null && !Files.isDirectory(folder)) ? folder : null;
        }
        catch (InvalidPathException ex) {
            return null;
        }
    }
}
