package dev.agentsession.sample.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Markdown file of this repository, read the way the README tests need it: the parts that follow an
 * {@code <!-- test:name -->} comment (a fenced block, a table, or everything up to {@code <!-- /test:name -->}),
 * the fenced blocks, the prose outside them, and the headings.
 * @param path where the file is
 * @param text its content
 */
record MarkdownFile(Path path, String text) {

    private static final Pattern FENCE = Pattern.compile("(?ms)^```([\\w-]*)\\n(.*?)^```\\s*$");

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    /**
     * The repository's root: given by the build, else the parent of the working directory (the module's).
     * @return the absolute, normalized root
     */
    static Path repository() {
        return Path.of(System.getProperty("agent-session.repository", "..")).toAbsolutePath().normalize();
    }

    /**
     * The repository's README.
     * @return the file
     */
    static MarkdownFile readme() {
        return read(repository().resolve("README.md"));
    }

    /**
     * The README and every Markdown page under {@code docs/}.
     * @return the files
     */
    static List<MarkdownFile> all() {
        List<MarkdownFile> files = new ArrayList<>(List.of(readme()));
        try (Stream<Path> docs = Files.walk(repository().resolve("docs"))) {
            docs.filter((file) -> file.toString().endsWith(".md")).sorted().map(MarkdownFile::read).forEach(files::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    static MarkdownFile read(Path path) {
        try {
            return new MarkdownFile(path, Files.readString(path));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The fenced blocks that directly follow each {@code <!-- test:name -->} comment.
     * @param name the comment's name
     * @return the blocks, in order; at least one
     */
    List<Fence> blocksAfter(String name) {
        List<Fence> blocks = new ArrayList<>();
        for (String following : partsAfter(name)) {
            Matcher fence = FENCE.matcher(following);
            assertThat(fence.lookingAt()).as("a fenced block right after <!-- test:%s --> in %s", name, this.path)
                .isTrue();
            blocks.add(new Fence(fence.group(1), fence.group(2)));
        }
        return blocks;
    }

    /**
     * The body rows of the table that directly follows the {@code <!-- test:name -->} comment.
     * @param name the comment's name
     * @return each row's cells, trimmed
     */
    List<List<String>> tableAfter(String name) {
        assertThat(partsAfter(name)).as("one <!-- test:%s --> in %s", name, this.path).hasSize(1);
        return tablesAfter(name);
    }

    /**
     * The body rows of the tables that directly follow each {@code <!-- test:name -->} comment.
     * @param name the comments' name
     * @return each row's cells, trimmed, table after table
     */
    List<List<String>> tablesAfter(String name) {
        List<List<String>> rows = new ArrayList<>();
        for (String part : partsAfter(name)) {
            List<String> lines = part.lines().takeWhile((line) -> line.startsWith("|")).toList();
            assertThat(lines).as("a table right after <!-- test:%s -->", name).hasSizeGreaterThan(2);
            lines.stream().skip(2).map(MarkdownFile::cells).forEach(rows::add);
        }
        return rows;
    }

    /**
     * The text between {@code <!-- test:name -->} and {@code <!-- /test:name -->}.
     * @param name the comments' name
     * @return the text
     */
    String between(String name) {
        String start = "<!-- test:" + name + " -->";
        String end = "<!-- /test:" + name + " -->";
        int from = this.text.indexOf(start);
        int to = this.text.indexOf(end);
        assertThat(from).as("%s in %s", start, this.path).isNotNegative();
        assertThat(to).as("%s after %s", end, start).isGreaterThan(from);
        return this.text.substring(from + start.length(), to);
    }

    /**
     * The fenced blocks of this file.
     * @return the blocks, in order
     */
    List<Fence> fences() {
        return fences(this.text);
    }

    /**
     * The fenced blocks of a piece of Markdown.
     * @param markdown the Markdown
     * @return the blocks, in order
     */
    static List<Fence> fences(String markdown) {
        return FENCE.matcher(markdown).results().map((fence) -> new Fence(fence.group(1), fence.group(2))).toList();
    }

    /**
     * The text outside fenced blocks.
     * @return the prose, tables and comments
     */
    String prose() {
        return FENCE.matcher(this.text).replaceAll("");
    }

    /**
     * The headings' texts.
     * @return the headings, in order
     */
    List<String> headings() {
        return HEADING.matcher(prose()).results().map((heading) -> heading.group(1).trim()).toList();
    }

    private List<String> partsAfter(String name) {
        String marker = "<!-- test:" + name + " -->\n";
        List<String> parts = new ArrayList<>();
        for (int at = this.text.indexOf(marker); at >= 0; at = this.text.indexOf(marker, at + 1)) {
            parts.add(this.text.substring(at + marker.length()).stripLeading());
        }
        assertThat(parts).as("<!-- test:%s --> in %s", name, this.path).isNotEmpty();
        return parts;
    }

    private static List<String> cells(String row) {
        // Split on the pipes outside code spans: a cell may show `a | b`.
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (char c : row.substring(1, row.lastIndexOf('|')).toCharArray()) {
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            }
            else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    /**
     * A fenced block.
     * @param language its info string ({@code bash}, {@code json}...), empty if none
     * @param content its lines, each ending with a newline
     */
    record Fence(String language, String content) {
    }
}
