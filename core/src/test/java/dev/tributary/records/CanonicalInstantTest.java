package dev.tributary.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CanonicalInstantTest {
    @Property(tries = 2000)
    void readsWhatInstantWrites(@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
                                @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant i = Instant.ofEpochSecond(seconds, nanos);
        assertThat(CanonicalInstant.parse(i.toString())).isEqualTo(i);
        Instant whole = Instant.ofEpochSecond(seconds);
        assertThat(CanonicalInstant.parse(whole.toString())).isEqualTo(whole);
    }

    @Test
    void leavesEveryOtherFormToTheGeneralParser() {
        for (String other : new String[] {"2008-10-31T14:05:13+01:00", "2008-10-31T14:05:13", "2008-02-30T00:00:00Z",
                "2008-13-01T00:00:00Z", "2008-10-31T24:00:00Z", "2008-10-31T14:05:60Z", "2008-10-31 14:05:13Z",
                "2008-10-31T14:05:13.Z", "2008-10-31T14:05:13.1234567890Z", "+12008-10-31T14:05:13Z", "2008-1O-31T14:05:13Z",
                "", "Z"}) {
            assertThat(CanonicalInstant.parse(other)).as(other).isNull();
        }
    }

    @Test
    void readsAFractionOfAnyLength() {
        assertThat(CanonicalInstant.parse("2008-10-31T14:05:13.5Z")).isEqualTo(Instant.parse("2008-10-31T14:05:13.500Z"));
        assertThat(CanonicalInstant.parse("2024-02-29T23:59:59.000000001Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.000000001Z"));
    }
}
