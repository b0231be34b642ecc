package dev.agentsession.sample.readme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link of the README and the pages under {@code docs/} is relative and leads to a file of this repository
 * (and to a heading of it when it names one), so the documentation never sends a reader outside the repository or
 * to a page that moved.
 */
class ReadmeLinksTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)|(?:href|src)=\"([^\"]*)\"");

    @Test
    void linksWhenFollowedThenEachReachesAFileInsideTheRepository() {
        Path root = MarkdownFile.repository();
        for (MarkdownFile file : MarkdownFile.all()) {
            List<String> targets = LINK.matcher(file.prose())
                .results()
                .map((link) -> (link.group(1) != null) ? link.group(1) : link.group(2))
                .toList();
            for (String target : targets) {
                assertThat(target).as("link in %s", file.path()).doesNotContain("://").doesNotStartWith("/")
                    .doesNotStartWith("mailto:");
                int hash = target.indexOf('#');
                String pathPart = (hash >= 0) ? target.substring(0, hash) : target;
                Path resolved = pathPart.isEmpty() ? file.path()
                        : file.path().getParent().resolve(pathPart).toAbsolutePath().normalize();
                assertThat(resolved).as("%s in %s", target, file.path()).startsWith(root).exists();
                if (hash >= 0) {
                    String anchor = target.substring(hash + 1);
                    assertThat(resolved.toString()).as("%s names a heading of a Markdown file", target).endsWith(".md");
                    assertThat(MarkdownFile.read(resolved).headings().stream().map(ReadmeLinksTests::anchorOf))
                        .as("headings of %s, for %s in %s", resolved, target, file.path())
                        .contains(anchor);
                }
            }
        }
    }

    @Test
    void readmeWhenReadThenItLinksTheBenchmarksPage() {
        assertThat(MarkdownFile.readme().text()).contains("](docs/benchmarks.md)");
        assertThat(Files.exists(MarkdownFile.repository().resolve("docs/benchmarks.md"))).isTrue();
    }

    /**
     * The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.
     */
    private static String anchorOf(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
