package dev.agentsession.testservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The local servers that backend tests use (SPEC 8). When one is not reachable its tests are skipped with a
 * message saying how to start it, except when {@code CI=true}: then a missing server fails the build.
 *
 * @param name the server's name
 * @param host its host, from the environment variable {@code hostVariable} or the default
 * @param port its port, from the environment variable {@code portVariable} or the default
 * @param startCommand the command that starts it on a developer machine
 */
public record LocalServer(String name, String host, int port, String startCommand) {

    /** PostgreSQL: {@code PGHOST} / {@code PGPORT}, default 127.0.0.1:5432. */
    public static final LocalServer POSTGRESQL = of("PostgreSQL", "PGHOST", "127.0.0.1", "PGPORT", 5432,
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");

    /** MariaDB or MySQL: {@code MYSQL_HOST} / {@code MYSQL_PORT}, default 127.0.0.1:3306. */
    public static final LocalServer MARIADB = of("MariaDB", "MYSQL_HOST", "127.0.0.1", "MYSQL_PORT", 3306,
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

    /** Redis: {@code REDIS_HOST} / {@code REDIS_PORT}, default 127.0.0.1:6379. */
    public static final LocalServer REDIS = of("Redis", "REDIS_HOST", "127.0.0.1", "REDIS_PORT", 6379,
            "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");

    private static LocalServer of(String name, String hostVariable, String defaultHost, String portVariable,
            int defaultPort, String startCommand) {
        String host = System.getenv().getOrDefault(hostVariable, defaultHost);
        int port = Integer.parseInt(System.getenv().getOrDefault(portVariable, String.valueOf(defaultPort)));
        return new LocalServer(name, host, port, startCommand);
    }

    /**
     * Skips the calling test (or fails it when {@code CI=true}) unless the server accepts connections.
     */
    public void require() {
        if (isReachable()) {
            return;
        }
        String message = "%s is not reachable at %s:%d; start it with: %s".formatted(this.name, this.host, this.port,
                this.startCommand);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: server tests must run)");
        }
        Assumptions.abort(message);
    }

    private boolean isReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(this.host, this.port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
