package dev.agentsession.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * Draws the chart of SPEC 9 with plain Java2D: microseconds per operation against the history length, both on
 * log scales, one panel per operation ({@code appendOne}, {@code recent20}); ours as solid lines, each peer dashed
 * in the color of the backend it is compared with.
 */
final class BenchChart {

    private static final List<String> OPERATIONS = List.of("appendOne", "recent20");

    private static final Map<Backend, Color> COLORS = Map.of(Backend.MEMORY, new Color(0x1f77b4), Backend.H2,
            new Color(0xff7f0e), Backend.SQLITE, new Color(0x8c564b), Backend.POSTGRESQL, new Color(0x2ca02c),
            Backend.MARIADB, new Color(0xd62728), Backend.REDIS, new Color(0x9467bd));

    private static final int PANEL_WIDTH = 620;

    private static final int HEIGHT = 560;

    private static final int LEGEND_WIDTH = 330;

    private static final int MARGIN = 70;

    private BenchChart() {
    }

    /**
     * Draws the chart of the history benchmarks among the scores into a PNG file.
     * @return whether there was anything to draw
     */
    static boolean draw(List<Score> scores, Path file) throws IOException {
        Map<String, Map<String, TreeMap<Integer, Double>>> series = new TreeMap<>();
        for (Score score : scores) {
            if (OPERATIONS.contains(score.operation()) && !score.subject().isEmpty()) {
                series.computeIfAbsent(score.operation(), (key) -> new TreeMap<>())
                    .computeIfAbsent(score.subject(), (key) -> new TreeMap<>())
                    .put(score.size(), score.micros());
            }
        }
        if (series.isEmpty()) {
            return false;
        }
        BufferedImage image = new BufferedImage(PANEL_WIDTH * OPERATIONS.size() + LEGEND_WIDTH, HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < OPERATIONS.size(); i++) {
            panel(g, i * PANEL_WIDTH, OPERATIONS.get(i), series.getOrDefault(OPERATIONS.get(i), new TreeMap<>()));
        }
        legend(g, PANEL_WIDTH * OPERATIONS.size(), series);
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
        return true;
    }

    private static void panel(Graphics2D g, int left, String operation, Map<String, TreeMap<Integer, Double>> lines) {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (TreeMap<Integer, Double> line : lines.values()) {
            minX = Math.min(minX, line.firstKey());
            maxX = Math.max(maxX, line.lastKey());
            for (double y : line.values()) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        double logMinX = Math.log10(minX);
        double logMaxX = Math.max(Math.log10(maxX), logMinX + 1);
        double logMinY = Math.floor(Math.log10(minY));
        double logMaxY = Math.max(Math.ceil(Math.log10(maxY)), logMinY + 1);
        int x0 = left + MARGIN;
        int x1 = left + PANEL_WIDTH - 20;
        int y0 = HEIGHT - MARGIN;
        int y1 = 50;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(operation + ": microseconds per call (log) by prior events (log)", left + 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double decade = logMinY; decade <= logMaxY; decade++) {
            int y = (int) (y0 - (decade - logMinY) / (logMaxY - logMinY) * (y0 - y1));
            g.setColor(new Color(0xdddddd));
            g.drawLine(x0, y, x1, y);
            g.setColor(Color.BLACK);
            g.drawString(label(Math.pow(10, decade)), left + 8, y + 4);
        }
        for (Integer x : lines.values().iterator().next().keySet()) {
            int px = (int) (x0 + (Math.log10(x) - logMinX) / (logMaxX - logMinX) * (x1 - x0));
            g.setColor(new Color(0xdddddd));
            g.drawLine(px, y0, px, y1);
            g.setColor(Color.BLACK);
            String text = String.format(Locale.ROOT, "%,d", x);
            g.drawString(text, px - g.getFontMetrics().stringWidth(text) / 2, y0 + 18);
        }
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        g.drawString("prior events in the session", x0 + (x1 - x0) / 2 - 80, y0 + 40);
        for (Map.Entry<String, TreeMap<Integer, Double>> line : lines.entrySet()) {
            g.setColor(color(line.getKey()));
            g.setStroke(stroke(line.getKey()));
            int[] previous = null;
            for (Map.Entry<Integer, Double> point : line.getValue().entrySet()) {
                int px = (int) (x0 + (Math.log10(point.getKey()) - logMinX) / (logMaxX - logMinX) * (x1 - x0));
                int py = (int) (y0 - (Math.log10(point.getValue()) - logMinY) / (logMaxY - logMinY) * (y0 - y1));
                g.fillOval(px - 3, py - 3, 7, 7);
                if (previous != null) {
                    g.drawLine(previous[0], previous[1], px, py);
                }
                previous = new int[] { px, py };
            }
        }
        g.setStroke(new BasicStroke());
    }

    private static void legend(Graphics2D g, int left, Map<String, Map<String, TreeMap<Integer, Double>>> series) {
        List<String> subjects = new ArrayList<>();
        series.values().forEach((lines) -> lines.keySet().forEach((subject) -> {
            if (!subjects.contains(subject)) {
                subjects.add(subject);
            }
        }));
        subjects.sort((a, b) -> {
            int byBackend = backend(a).compareTo(backend(b));
            return (byBackend != 0) ? byBackend : Boolean.compare(isPeer(a), isPeer(b));
        });
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = 60;
        for (String subject : subjects) {
            g.setColor(color(subject));
            g.setStroke(stroke(subject));
            g.drawLine(left + 5, y - 4, left + 40, y - 4);
            g.setStroke(new BasicStroke());
            g.setColor(Color.BLACK);
            g.drawString(isPeer(subject) ? Peer.valueOf(subject).label() + " (" + name(backend(subject)) + ")"
                    : "ours: " + name(backend(subject)), left + 48, y);
            y += 20;
        }
    }

    private static String name(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }

    private static String label(double micros) {
        return (micros >= 1000) ? String.format(Locale.ROOT, "%,.0f ms", micros / 1000)
                : (micros >= 1) ? String.format(Locale.ROOT, "%.0f µs", micros)
                        : String.format(Locale.ROOT, "%.1f µs", micros);
    }

    private static boolean isPeer(String subject) {
        for (Peer peer : Peer.values()) {
            if (peer.name().equals(subject)) {
                return true;
            }
        }
        return false;
    }

    private static Backend backend(String subject) {
        return isPeer(subject) ? Peer.valueOf(subject).ours() : Backend.valueOf(subject);
    }

    private static Color color(String subject) {
        return COLORS.get(backend(subject));
    }

    private static Stroke stroke(String subject) {
        if (!isPeer(subject)) {
            return new BasicStroke(2.5f);
        }
        // Each peer of a backend gets its own dash pattern.
        float dash = 4 + 4 * (Peer.valueOf(subject).ordinal() % 3);
        return new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { dash, 4f },
                0f);
    }
}
