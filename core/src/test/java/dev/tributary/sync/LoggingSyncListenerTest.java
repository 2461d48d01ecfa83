package dev.tributary.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.testing.ChainBuilder;
import dev.tributary.testing.ManualScheduler;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingSyncListenerTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.tributary.sync");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ManualScheduler scheduler = new ManualScheduler(1_000_000);
    private final LoggingSyncListener listener = new LoggingSyncListener(scheduler);
    private final ChainBuilder chain = ChainBuilder.regtest(1, 1_700_000_000L);
    private Level previousLevel;

    @BeforeEach
    void attach() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
        chain.extendTip(5);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    private HeaderSyncData atHeight(int height) {
        return chain.index().mainChainAt(height).orElseThrow();
    }

    private List<String> infoLines() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void theLastTipOfABurstIsLoggedAtInfoWhenTheSecondEnds() {
        for (int h = 1; h <= 5; h++) {
            listener.onNewBlockTip(atHeight(h));
            scheduler.advance(10);
        }
        assertThat(infoLines()).singleElement().asString().contains("height = 1,");

        scheduler.advance(1_000);

        assertThat(infoLines()).hasSize(2);
        assertThat(infoLines().get(1)).startsWith("New tip = " + atHeight(5).hash()).contains("height = 5,");
    }

    @Test
    void aTipAfterAQuietSecondIsLoggedAtOnceAndNothingIsLoggedTwice() {
        listener.onNewBlockTip(atHeight(1));
        scheduler.advance(5_000);
        listener.onNewBlockTip(atHeight(2));
        scheduler.advance(5_000);

        assertThat(infoLines()).hasSize(2);
        assertThat(infoLines().get(1)).contains("height = 2,");
    }

    @Test
    void headerTipsAndBlockTipsWaitSeparately() {
        listener.onNewHeaderTip(atHeight(1));
        listener.onNewHeaderTip(atHeight(5));
        listener.onNewBlockTip(atHeight(4));
        scheduler.advance(1_000);

        assertThat(infoLines()).containsExactly(
                "New header tip = " + atHeight(1).hash() + ", height = 1, chain work = " + atHeight(1).chainWork(),
                "New header tip = " + atHeight(5).hash() + ", height = 5, chain work = " + atHeight(5).chainWork(),
                "New tip = " + atHeight(4).hash() + ", height = 4, chain work = " + atHeight(4).chainWork());
    }
}
