package dev.agentsession.testservers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} process that a test starts on a free loopback port and stops itself.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Path dir;

    private final int port;

    private final List<String> extraArgs;

    private Process process;

    private RedisServerProcess(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /**
     * Skips the test (or fails it when {@code CI=true}) unless {@code redis-server} and {@code redis-cli} are
     * on the PATH.
     */
    public static void requireBinaries() {
        for (String binary : List.of("redis-server", "redis-cli")) {
            if (findOnPath(binary) == null) {
                String message = binary + " is not on the PATH; install Redis (e.g. apt-get install redis-server) "
                        + "to run the tests that start their own Redis servers";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message + " (CI=true: server tests must run)");
                }
                Assumptions.abort(message);
            }
        }
    }

    private static Path findOnPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A port that is free on 127.0.0.1, as is the port 10000 above it (the cluster bus).
     * @return the port
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (isFree(port) && isFree(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Starts a server and waits until it answers PING.
     * @param dir its working directory (created)
     * @param port its port
     * @param extraArgs more {@code redis-server} arguments
     * @return the running server
     */
    public static RedisServerProcess start(Path dir, int port, String... extraArgs) throws IOException {
        Files.createDirectories(dir);
        RedisServerProcess server = new RedisServerProcess(dir, port, List.of(extraArgs));
        server.start();
        return server;
    }

    public int port() {
        return this.port;
    }

    /**
     * (Re)starts the process on the same port and waits until it answers PING.
     */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(this.port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
                this.dir.toAbsolutePath().toString(), "--logfile", "redis-" + this.port + ".log"));
        command.addAll(this.extraArgs);
        this.process = new ProcessBuilder(command).directory(this.dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(this.dir.resolve("stdout-" + this.port + ".log").toFile())
            .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + this.port + " exited with "
                        + this.process.exitValue() + "; see " + this.dir);
            }
            if (pings()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING in 20 s");
    }

    /**
     * Kills the process (no save) and waits until it has exited.
     */
    public void stop() throws InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            this.process.destroyForcibly();
            this.process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Runs {@code redis-cli} against this server.
     * @param args the command and its arguments
     * @return the output
     */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(this.port)));
        command.addAll(List.of(args));
        return run(command);
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = cli.getInputStream().readAllBytes();
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("Timed out: " + command);
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private boolean pings() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.readNBytes(reply, 0, 5);
            return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
