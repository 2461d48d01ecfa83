package dev.tributary.node.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which representation an {@code Accept} header asks for. */
class FormatsTest {
    @Test
    void theTypeOfHighestQualityWinsAndTheFirstAmongEquals() {
        assertThat(Formats.prefersJson("application/json;vnd.sage=sdata, application/atom+xml;q=0.9")).isTrue();
        assertThat(Formats.prefersJson("application/atom+xml;type=feed, application/json;q=0.5")).isFalse();
        assertThat(Formats.prefersJson("application/xml;q=0.2, application/json;q=0.8")).isTrue();
        assertThat(Formats.prefersJson("application/atom+xml, application/json")).isFalse();
        assertThat(Formats.prefersJson("application/json")).isTrue();
        assertThat(Formats.prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isFalse();
    }

    @Test
    void noNamedTypeLeavesTheChoiceToTheBody() {
        assertThat(Formats.prefersJson(null)).isNull();
        assertThat(Formats.prefersJson("*/*")).isNull();
        assertThat(Formats.prefersJson("")).isNull();
        assertThat(Formats.prefersJson("application/json;q=0")).isNull();
    }
}
