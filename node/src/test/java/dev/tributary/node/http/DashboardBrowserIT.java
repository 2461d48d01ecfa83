package dev.tributary.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.chain.NetworkParameters;
import dev.tributary.net.NetConfig;
import dev.tributary.node.Node;
import dev.tributary.node.StoreKind;
import dev.tributary.node.chain.ChainService;
import dev.tributary.node.chain.NodeConfig;
import dev.tributary.node.dag.DagService;
import dev.tributary.node.db.DbService;
import dev.tributary.node.demo.ChainGenerator;
import dev.tributary.node.demo.LocalNetwork;
import dev.tributary.node.records.EventsService;
import dev.tributary.node.records.HttpSyncPass;
import dev.tributary.node.records.RecordsConfig;
import dev.tributary.node.records.RecordsService;
import dev.tributary.node.records.RecordsSync;
import dev.tributary.oplog.db.KeyValue;
import dev.tributary.oplog.identity.LocalIdentity;
import dev.tributary.records.InMemoryRecordStore;
import dev.tributary.records.Payload;
import dev.tributary.records.RecordCollection;
import dev.tributary.sync.headers.SyncConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser: Debian's {@code chromium} driven by {@code chromedriver} through
 * Selenium, against a node syncing a regtest chain from two peers. The page is loaded before the node starts;
 * then the two peers appear in its table, the chain's stored height rises through several values up to the
 * servers' tip (the peers' rows telling the blocks in flight from each meanwhile), both charts get points, the
 * browser logs no error, and a screenshot of the whole page, saved as
 * {@code target/dashboard.png}, shows the peers, the chart's line and the recent blocks where the page put them.
 * Without Chromium (installed by {@code interop/chromium/install.sh}, which the build runs) the test skips,
 * saying so.
 */
class DashboardBrowserIT {
    private static final int BLOCKS = 400;
    private static final int BLOCK_SIZE = 50_000;
    /** 20 MB from two servers at 1 MB/s each: about 10 s of sync, long enough to watch the height rise. */
    private static final long UPLOAD_RATE = 1_000_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The height chart's first series colour (app.js), looked for in the screenshot. */
    private static final int SERIES_RGB = 0x2f6fdb;
    /** A DAG tip's colour (app.css, --ok). */
    private static final int TIP_RGB = 0x1f8a4c;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ChromeDriver browser;

    @BeforeEach
    void needsChromium() {
        Optional<Path> chromium = executable("chromium");
        Optional<Path> driver = executable("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
                "Chromium or chromedriver not found: the dashboard browser test is skipped."
                        + " Install them with interop/chromium/install.sh (apt-get install chromium chromium-driver).");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        // as root in a container, and with no Internet: no sandbox, no background connections to Google
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2400", "--user-data-dir=" + dir.resolve("chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void thePageShowsTwoPeersARisingHeightAndChartsWhileANodeSyncs() throws Exception {
        InetSocketAddress a = server("a").listeningAddress();
        InetSocketAddress b = server("b").listeningAddress();
        NetConfig net = NetConfig.defaults().withConnect(List.of(a, b)).withSeeds(List.of(), false);
        Node node = ChainService.node(NodeConfig.of(NetworkParameters.REGTEST, dir.resolve("node"))
                .withStore(StoreKind.MEMORY).withNet(net), List.of());
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(api);

        browser.get("http://127.0.0.1:" + api.port() + "/");
        // the page redraws its sections as events arrive: an element read during a redraw is read again
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage("the event stream open").until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        wait.withMessage("the chain's card").until(d -> storedHeight() == 0);
        node.start();

        wait.withMessage("two peers in the table").until(d -> texts("#peers tbody tr").size() == 2);
        // what the node asks each peer for (GET /peers' activity), while the blocks come
        wait.withMessage(() -> "blocks in flight from a peer: " + texts("#peers tbody td:last-child"))
                .until(d -> texts("#peers tbody td:last-child").stream()
                        .anyMatch(t -> t.matches("regtest: \\d+ blocks in flight")));
        List<Integer> seen = new ArrayList<>();
        wait.withMessage(() -> "the stored height rising to " + BLOCKS + " (seen " + seen + ")").until(d -> {
            int h = storedHeight();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != h) {
                seen.add(h);
            }
            return h == BLOCKS;
        });
        assertThat(seen).as("stored heights the page showed").hasSizeGreaterThanOrEqualTo(3).isSorted();
        assertThat(texts("#peers tbody td:first-child")).containsExactlyInAnyOrder(hostPort(a), hostPort(b));
        wait.withMessage("the peers' heights").until(d -> texts("#peers tbody td.height")
                .equals(List.of(String.valueOf(BLOCKS), String.valueOf(BLOCKS))));
        wait.withMessage("points in both charts").until(d -> chartPoints("height") >= 3 && chartPoints("rate") >= 3);
        wait.withMessage("recent blocks up to the tip").until(d -> texts("#service-regtest .recent-blocks tbody td")
                .stream().findFirst().orElse("").equals(String.valueOf(BLOCKS)));

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(shot, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("the screenshot %s", shot.toAbsolutePath()).isNotNull();
        assertThat(pixelsNear(image, rect("#chart-height canvas"), SERIES_RGB))
                .as("the height chart's line in the screenshot").isGreaterThan(50);
        for (String selector : List.of("#peers tbody tr", "#sync-regtest", "#service-regtest .recent-blocks",
                "#chart-rate canvas")) {
            Rectangle r = rect(selector);
            assertThat(inside(image, r)).as(selector + " " + r + " inside the screenshot").isTrue();
            assertThat(colours(image, r)).as(selector + " drawn in the screenshot").isGreaterThan(2);
        }
    }

    @Test
    void thePageShowsRecordCollectionsAndSyncRunsWithTheirConflicts() throws Exception {
        RecordCollection crm = new RecordCollection(new InMemoryRecordStore("urn:crm", 1), Clock.systemUTC());
        RecordCollection erp = new RecordCollection(new InMemoryRecordStore("urn:erp", 2), Clock.systemUTC());
        RecordsConfig config = new RecordsConfig("tok", 10, 1 << 20, 8);
        Node node = Node.builder("records").datadir(dir.resolve("node")).storeKind(StoreKind.MEMORY)
                .service(RecordsService.factory(config, Map.of("crm", crm, "erp", erp)))
                .service(EventsService.factory(null, 16)).build();
        open.add(node);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(api);
        String base = "http://127.0.0.1:" + api.port();

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage("the event stream open").until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        wait.withMessage("both collections, empty").until(d -> cells("crm").size() == 9 && cells("erp").size() == 9);
        assertThat(cells("crm").get(1)).isEqualTo("0");
        assertThat(texts("#service-events p")).containsExactly("No run reported yet.");
        assertThat(browser.findElement(By.id("chart-height")).isDisplayed()).as("no chain to chart").isFalse();
        assertThat(browser.findElement(By.id("chart-synced")).isDisplayed()).as("entries synced to chart").isTrue();
        // the stream opens with a snapshot of the status; the first progress sample (the count before the pass, the
        // rate's baseline) comes up to half a second later, and a pass that ends before it would chart no rate at all
        wait.withMessage("a progress sample before the pass").until(d -> chartPoints("synced") >= 1);

        for (int i = 0; i < 3; i++) {
            crm.put("c" + i, Payload.of("customer", Map.of("name", "customer " + i)));
        }
        erp.put("c0", Payload.of("customer", Map.of("name", "edited at the erp")));
        URI events = URI.create(base + "/events/diagnostics");
        RecordsSync.run(HttpClient.newHttpClient(), new RecordsSync.Options(URI.create(base + "/records/crm"),
                URI.create(base + "/records/erp"), events, false, "nightly", "tok", "tok"),
                (from, to) -> new HttpSyncPass.Listener() {
                });

        wait.withMessage(() -> "the run in the table: " + texts("#service-events tbody tr"))
                .until(d -> texts("#service-events tr[data-run='nightly'] td").size() == 8);
        List<String> run = texts("#service-events tr[data-run='nightly'] td");
        assertThat(run.get(3)).as("entries").isEqualTo("3");
        assertThat(run.get(4)).as("conflicts").isEqualTo("1");
        assertThat(run.get(7)).as("its diagnostic").startsWith("c0: ");
        wait.withMessage(() -> "the erp's conflict: " + cells("erp")).until(d -> cells("erp").get(5).equals("1"));
        assertThat(cells("erp").get(3)).as("entries the erp applied: c1, c2, and c0 if the crm's copy won")
                .isIn("2", "3");
        assertThat(cells("crm").get(4)).as("entries the crm served").isEqualTo("3");
        assertThat(cells("erp").get(8)).as("changes of the crm the erp lacks after the pass").isEqualTo("0");
        assertThat(cells("erp").get(6)).as("last applied").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        wait.withMessage("the entries synced charted at a rate above 0")
                .until(d -> chartPoints("synced") >= 3 && chartMax("synced", 1) > 0);

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
        Path shot = Path.of("target", "dashboard-records.png");
        Files.createDirectories(shot.getParent());
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(shot, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        for (String selector : List.of("#service-records table.collections", "#service-events tr.conflicted",
                "#chart-synced canvas")) {
            Rectangle r = rect(selector);
            assertThat(inside(image, r)).as(selector + " " + r + " inside the screenshot").isTrue();
            assertThat(colours(image, r)).as(selector + " drawn in the screenshot").isGreaterThan(2);
        }
    }

    /**
     * A node running the dagtest DAG and databases: a second DAG node mined apart joins it (two tips, drawn green),
     * a block mined on both joins them (one tip, a block with two parents); the graph has a circle per block and a
     * line per parent link of the status's {@code recent} list. A writer replicates a keyvalue database to the
     * node, and the database's row shows it synced with that peer and the entries applied from it.
     */
    @Test
    void thePageDrawsTheDagAndEachDatabaseWithItsReplicationPerPeer() throws Exception {
        Node node = Node.builder(dir.resolve("node")).storeKind(StoreKind.MEMORY)
                .net(NetConfig.defaults().withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .withSeeds(List.of(), false).withMaxOutbound(0))
                .service(DagService.factory()).service(DbService.factory()).build();
        open.add(node);
        node.start();
        DagService dag = DagService.of(node);
        dag.mineBlocks(3);
        HttpApi api = HttpApi.start(node, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(api);
        String base = "http://127.0.0.1:" + api.port();
        NetConfig toNode = NetConfig.defaults().withConnect(List.of(node.listeningAddress())).withSeeds(List.of(), false);

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage("the event stream open").until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        wait.withMessage(() -> "the DAG's 4 blocks, one tip: " + graph()).until(d -> graph().equals(List.of(4, 1, 3)));
        assertThat(texts("#service-db p")).containsExactly("No database yet.");

        Node other = DagService.node(dir.resolve("other"), StoreKind.MEMORY, toNode);
        open.add(other);
        DagService.of(other).mineBlocks(2);
        other.start();
        wait.withMessage(() -> "the other node's blocks, two tips: " + graph()).until(d -> graph().equals(List.of(6, 2, 5)));
        dag.mineBlocks(1);
        wait.withMessage(() -> "a block on both tips: " + graph()).until(d -> graph().equals(List.of(7, 1, 7)));
        JsonNode section = status(base).path("services").path("dagtest").path("dag");
        String tip = section.path("tips").get(0).asText();
        int links = 0;
        for (JsonNode b : section.path("recent")) {
            links += b.path("parents").size();
            if (b.path("hash").asText().equals(tip)) {
                assertThat(b.path("parents").size()).as("the tip's parents").isEqualTo(2);
            }
        }
        assertThat(List.of(section.path("recent").size(), links)).as("blocks and parent links in GET /status")
                .isEqualTo(List.of(7, 7));
        assertThat(texts("#service-dagtest svg.dag circle.tip title")).singleElement().asString().endsWith(tip);
        wait.withMessage(() -> "the new height in the event log: " + texts("#events li"))
                .until(d -> texts("#events li").stream().anyMatch(e -> e.endsWith("dagtest: best 4, blocks stored to 4")));

        Node writer = DbService.node(dir.resolve("writer"), StoreKind.MEMORY, toNode, LocalIdentity.create("writer", new SecureRandom()));
        open.add(writer);
        DbService written = DbService.of(writer);
        KeyValue settings = written.replicate(written.library().keyValue("settings"));
        for (int i = 0; i < 5; i++) {
            settings.put("k" + i, i);
        }
        writer.start();
        DbService dbs = DbService.of(node);
        dbs.open(settings.address()).get(30, TimeUnit.SECONDS);
        dbs.replication().whenSynced(settings.address()).get(30, TimeUnit.SECONDS);
        wait.withMessage(() -> "the database synced with the writer: " + texts("#service-db tbody tr"))
                .until(d -> {
                    List<String> row = texts("#service-db tr[data-database='settings'] td");
                    return row.size() == 5 && row.get(2).equals("5")
                            && row.get(4).matches("127\\.0\\.0\\.1:\\d+: synced, 5 applied from it");
                });
        wait.withMessage("the database's entries synced, charted").until(d -> chartMax("synced", 1) > 0);

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
        Path shot = Path.of("target", "dashboard-dag-db.png");
        Files.createDirectories(shot.getParent());
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(shot, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Rectangle graph = rect("#service-dagtest svg.dag");
        assertThat(inside(image, graph)).as("the DAG graph " + graph + " inside the screenshot").isTrue();
        assertThat(pixelsNear(image, graph, TIP_RGB)).as("the green tip in the screenshot").isGreaterThan(20);
        assertThat(pixelsNear(image, graph, SERIES_RGB)).as("the other blocks in the screenshot").isGreaterThan(100);
        Rectangle row = rect("#service-db tr[data-database='settings']");
        assertThat(inside(image, row)).as("the database's row " + row + " inside the screenshot").isTrue();
        assertThat(colours(image, row)).as("the database's row drawn in the screenshot").isGreaterThan(2);
    }

    /** The DAG graph's circles, green circles (tips) and lines, in one step. */
    @SuppressWarnings("unchecked")
    private List<Integer> graph() {
        List<Number> n = (List<Number>) browser.executeScript("const g = document.querySelector(arguments[0]);"
                + " return g ? [g.querySelectorAll('circle').length, g.querySelectorAll('circle.tip').length,"
                + " g.querySelectorAll('line').length] : [];", "#service-dagtest svg.dag");
        return n.stream().map(Number::intValue).toList();
    }

    private static JsonNode status(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    /** The cells of collection {@code kind}'s row in the records section. */
    private List<String> cells(String kind) {
        return texts("#service-records tr[data-collection='" + kind + "'] td");
    }

    private Node server(String name) throws Exception {
        Node server = LocalNetwork.startServer(NetworkParameters.REGTEST, dir.resolve(name), StoreKind.MEMORY,
                SyncConfig.defaults(), UPLOAD_RATE,
                n -> new ChainGenerator(ChainService.of(n).chain(), 5).mineBlocks(BLOCKS, BLOCK_SIZE, x -> { }));
        open.add(server);
        return server;
    }

    /** The text of every element {@code selector} matches, read in one step (the page redraws as events come). */
    @SuppressWarnings("unchecked")
    private List<String> texts(String selector) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", selector);
    }

    private int storedHeight() {
        List<String> stored = texts("#sync-regtest .stored");
        return stored.isEmpty() ? -1 : Integer.parseInt(stored.get(0));
    }

    /** Where the first element {@code selector} matches is on the page, in the screenshot's pixels. */
    @SuppressWarnings("unchecked")
    private Rectangle rect(String selector) {
        List<Number> r = (List<Number>) browser.executeScript("const e = document.querySelector(arguments[0]);"
                + " if (!e) return [0, 0, 0, 0]; const r = e.getBoundingClientRect(), s = devicePixelRatio;"
                + " return [r.x * s, r.y * s, r.width * s, r.height * s];", selector);
        return new Rectangle(r.get(0).intValue(), r.get(1).intValue(), r.get(3).intValue(), r.get(2).intValue());
    }

    private int chartPoints(String chart) {
        Object n = browser.executeScript(
                "const c = window.dashboard.charts[arguments[0]]; return c ? c.data[0].length : 0;", chart);
        return ((Number) n).intValue();
    }

    /** The highest value of series {@code series} (1 the first after the time axis) in chart {@code chart}. */
    private double chartMax(String chart, int series) {
        Object n = browser.executeScript("const c = window.dashboard.charts[arguments[0]];"
                + " const s = c && c.data[arguments[1]]; return s ? Math.max(0, ...s.filter(v => v != null)) : 0;",
                chart, series);
        return ((Number) n).doubleValue();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static boolean inside(BufferedImage image, Rectangle r) {
        return r.getX() >= 0 && r.getY() >= 0 && r.getWidth() > 0 && r.getHeight() > 0
                && r.getX() + r.getWidth() <= image.getWidth() && r.getY() + r.getHeight() <= image.getHeight();
    }

    /** Pixels in {@code r} close to colour {@code rgb}. */
    private static int pixelsNear(BufferedImage image, Rectangle r, int rgb) {
        int count = 0;
        for (int y = r.getY(); y < Math.min(image.getHeight(), r.getY() + r.getHeight()); y++) {
            for (int x = r.getX(); x < Math.min(image.getWidth(), r.getX() + r.getWidth()); x++) {
                int p = image.getRGB(x, y);
                int distance = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff))
                        + Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) + Math.abs((p & 0xff) - (rgb & 0xff));
                if (distance < 40) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Distinct colours in {@code r}: more than the background's means something was drawn there. */
    private static int colours(BufferedImage image, Rectangle r) {
        Set<Integer> seen = new HashSet<>();
        for (int y = r.getY(); y < Math.min(image.getHeight(), r.getY() + r.getHeight()); y++) {
            for (int x = r.getX(); x < Math.min(image.getWidth(), r.getX() + r.getWidth()); x++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** {@code name} on the PATH or in /usr/bin. */
    private static Optional<Path> executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(s -> Path.of(s, name))
                .filter(Files::isExecutable).findFirst();
    }
}
