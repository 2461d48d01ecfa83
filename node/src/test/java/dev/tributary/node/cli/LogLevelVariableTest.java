package dev.tributary.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code TRIBUTARY_LOG_LEVEL}: a level in any case is taken; anything else is named, with the levels. */
class LogLevelVariableTest {
    @Test
    void aLevelIsTakenInAnyCase() {
        assertThat(Logging.checkLevel(null)).isNull();
        assertThat(Logging.checkLevel("debug")).isNull();
        assertThat(Logging.checkLevel(" WARN ")).isNull();
    }

    @Test
    void anotherWordIsNamedWithTheLevels() {
        assertThat(Logging.checkLevel("warning")).isEqualTo("TRIBUTARY_LOG_LEVEL=warning is not a log level; use one"
                + " of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    @Test
    void anEmptyValueIsSaidToBeEmpty() {
        assertThat(Logging.checkLevel("")).isEqualTo("TRIBUTARY_LOG_LEVEL is set but empty; set it to one of TRACE,"
                + " DEBUG, INFO, WARN, ERROR, OFF, or unset it (INFO)");
    }
}
