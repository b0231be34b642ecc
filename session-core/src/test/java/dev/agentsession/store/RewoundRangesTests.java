package dev.agentsession.store;

import java.util.List;

import dev.agentsession.store.RewoundRanges.Range;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RewoundRangesTests {

    @Test
    void rewindWhenGoingBehindEarlierRangesThenTheyAreSwallowed() {
        RewoundRanges ranges = RewoundRanges.none().rewind(5, 8).rewind(9, 11);
        assertThat(ranges.toJson()).isEqualTo("[[6,8],[10,11]]");
        assertThat(ranges.rewind(2, 12).toJson()).isEqualTo("[[3,12]]");
        assertThat(ranges.rewind(9, 12).toJson()).isEqualTo("[[6,8],[10,12]]");
    }

    @Test
    void parseWhenWrittenByToJsonThenSameRanges() {
        RewoundRanges ranges = RewoundRanges.none().rewind(0, 3).rewind(4, 6);
        assertThat(RewoundRanges.parse(ranges.toJson())).isEqualTo(ranges);
        assertThat(RewoundRanges.parse(null)).isEqualTo(RewoundRanges.none());
        assertThat(RewoundRanges.parse("[]")).isEqualTo(RewoundRanges.none());
        assertThatIllegalArgumentException().isThrownBy(() -> RewoundRanges.parse("[[1]]"));
    }

    @Test
    void effectiveWhenRangesCutTheLogThenOnlyCountingIntervals() {
        RewoundRanges ranges = RewoundRanges.none().rewind(2, 4).rewind(6, 8);
        assertThat(ranges.effective(0, 10)).containsExactly(new Range(1, 2), new Range(5, 6), new Range(9, 10));
        assertThat(ranges.effective(3, 10)).containsExactly(new Range(5, 6), new Range(9, 10));
        assertThat(ranges.effective(0, 0)).isEmpty();
        assertThat(ranges.covers(3)).isTrue();
        assertThat(ranges.covers(5)).isFalse();
    }

    @Test
    void lastEffectiveWhenCountSpansRangesThenIntervalsHoldExactlyThatMany() {
        RewoundRanges ranges = RewoundRanges.none().rewind(2, 4).rewind(6, 8);
        assertThat(ranges.lastEffective(0, 10, 3)).containsExactly(new Range(6, 6), new Range(9, 10));
        assertThat(ranges.lastEffective(0, 10, 100)).isEqualTo(ranges.effective(0, 10));
        assertThat(ranges.lastEffective(0, 10, 1)).isEqualTo(List.of(new Range(10, 10)));
    }
}
