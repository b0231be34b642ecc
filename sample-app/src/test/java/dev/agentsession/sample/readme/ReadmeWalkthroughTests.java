package dev.agentsession.sample.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.agentsession.sample.readme.MarkdownFile.Fence;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's curl walkthroughs, as written, against the started sample: every {@code bash} block between
 * {@code <!-- test:walkthrough -->} and {@code <!-- /test:walkthrough -->} (and, for the Spring AI path, between
 * {@code <!-- test:walkthrough-spring-ai -->} and its end) runs in one {@code bash}, in order (so
 * the variables one block sets serve the next), with {@code localhost:8080} pointed at the test's port. The
 * {@code json} or {@code text} block after a command is what it must print: ids, times and durations (which differ
 * on every run) are compared by their shape only, JSON by value (the README wraps it for reading). Other tests of
 * the sample use random user and conversation ids, never the walkthroughs' ada, bob and ada-trip.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ReadmeWalkthroughTests {

    private static final String END_OF_STEP = "<<<end of README step>>>";

    private static final Pattern UUID = Pattern
        .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    private static final Pattern DURATION = Pattern.compile("PT[0-9.]+S");

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Test
    void walkthroughWhenRunAgainstTheSampleThenEveryCommandPrintsWhatTheReadmeShows(@TempDir Path workDir)
            throws Exception {
        List<Step> steps = steps(MarkdownFile.readme().between("walkthrough"));
        assertThat(steps).hasSizeGreaterThan(5);
        runAndCompare(steps, workDir);
    }

    @Test
    void springAiWalkthroughWhenRunAgainstTheSampleThenEveryCommandPrintsWhatTheReadmeShows(@TempDir Path workDir)
            throws Exception {
        List<Step> steps = steps(MarkdownFile.readme().between("walkthrough-spring-ai"));
        assertThat(steps).hasSizeGreaterThan(3);
        runAndCompare(steps, workDir);
    }

    private void runAndCompare(List<Step> steps, Path workDir) throws Exception {
        StringBuilder script = new StringBuilder("set -e -o pipefail\n");
        for (Step step : steps) {
            script.append(step.command().replace("localhost:8080", "localhost:" + this.port))
                .append("printf '\\n%s\\n' '")
                .append(END_OF_STEP)
                .append("'\n");
        }
        List<String> outputs = run(script.toString(), workDir);

        assertThat(outputs).as("one output per step").hasSize(steps.size());
        SoftAssertions.assertSoftly((softly) -> {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String printed = outputs.get(i).strip();
                Fence shown = step.output();
                if (shown == null) {
                    softly.assertThat(printed).as("output of\n%s", step.command()).isEmpty();
                }
                else if (shown.language().equals("json")) {
                    softly.assertThat(this.json.readTree(shapeOnly(printed))).as("output of\n%s", step.command())
                        .isEqualTo(this.json.readTree(shapeOnly(shown.content())));
                }
                else {
                    softly.assertThat(shapeOnly(printed)).as("output of\n%s", step.command())
                        .isEqualTo(shapeOnly(shown.content().strip()));
                }
            }
        });
    }

    private static List<Step> steps(String walkthrough) {
        List<Fence> fences = MarkdownFile.fences(walkthrough);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < fences.size(); i++) {
            Fence command = fences.get(i);
            assertThat(command.language()).as("block %d of the walkthrough: a command first", i).isEqualTo("bash");
            Fence output = (i + 1 < fences.size() && !fences.get(i + 1).language().equals("bash")) ? fences.get(++i)
                    : null;
            steps.add(new Step(command.content(), output));
        }
        return steps;
    }

    private static List<String> run(String script, Path workDir) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", script).directory(workDir.toFile())
            .redirectErrorStream(true)
            .start();
        bash.getOutputStream().close();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the walkthrough finished within 60 s").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as("bash exit status; it printed:\n%s", output).isZero();
        List<String> outputs = new ArrayList<>(List.of(output.split(Pattern.quote(END_OF_STEP + "\n"), -1)));
        assertThat(outputs.remove(outputs.size() - 1)).as("nothing after the last step").isEmpty();
        return outputs;
    }

    private static String shapeOnly(String text) {
        String shaped = UUID.matcher(text).replaceAll("<uuid>");
        shaped = INSTANT.matcher(shaped).replaceAll("<instant>");
        return DURATION.matcher(shaped).replaceAll("<duration>");
    }

    /**
     * One command of the walkthrough.
     * @param command the shell lines
     * @param output what they print, or {@code null} if nothing
     */
    private record Step(String command, @Nullable Fence output) {
    }
}
