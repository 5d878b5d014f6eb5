package org.chargebay.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.chargebay.bms.BmsConventions;

/**
 * Configuration under {@code chargebay.*}. Real bays are keyed by id under {@code
 * chargebay.bays.<id>.*}; with none configured (and {@code chargebay.demo.enabled} not false) the
 * app runs the demo bay. Voltages and currents are given in volts and amps as decimals and
 * converted exactly to integer milli-units.
 */
@ConfigMapping(prefix = "chargebay")
public interface ChargebayConfig {

  Journal journal();

  /** The default poll interval of every bay. */
  @WithDefault("200ms")
  Duration pollInterval();

  Demo demo();

  /** Safety layer 4 (see {@code LoopWatchdog}). */
  Watchdog watchdog();

  /** What a normal stop does before the process exits. */
  Shutdown shutdown();

  interface Watchdog {
    /**
     * A bay whose loop has completed no cycle for longer than this while its output may be on is
     * cut off (200 ms to 60 s).
     */
    @WithDefault("1s")
    Duration stallAfter();

    /** How often the watchdog looks (20 ms to 1 s). */
    @WithDefault("100ms")
    Duration checkEvery();
  }

  interface Shutdown {
    /**
     * How long a stop waits in all for the loops to finish their cycle and for every bay's output
     * to be turned off and confirmed (1 s to 120 s).
     */
    @WithDefault("10s")
    Duration timeout();
  }

  Map<String, Bay> bays();

  Samples samples();

  Kafka kafka();

  interface Samples {
    /** Record every tick's raw readings and device outcomes (for {@code ./chargebay replay}). */
    @WithDefault("true")
    @WithConverter(StrictBoolean.class)
    boolean enabled();

    /** How long samples are kept (controller clock); at least 1 minute. */
    @WithDefault("168h")
    Duration retention();
  }

  interface Kafka {
    /** Absent: the journal stays embedded only and nothing talks to Kafka. */
    Optional<String> bootstrapServers();

    /** The events topic (key = bay stream id, value = the event envelope as JSON). */
    @WithDefault("chargebay.events")
    String topic();

    /**
     * The relay's name: its row in the journal's {@code outbox_positions}, its {@code
     * chargebay-source} header and its transactional id ({@code chargebay-relay-<name>}). Unique
     * per controller in a fleet sharing a topic.
     */
    @WithDefault("kafka")
    String relayName();

    /** Events per Kafka transaction. */
    @WithDefault("1000")
    int batchSize();

    /** Create the topic at start-up if it is missing (needs the broker's permission). */
    @WithDefault("false")
    @WithConverter(StrictBoolean.class)
    boolean createTopic();

    /** Partitions of a topic created at start-up. */
    @WithDefault("6")
    int partitions();

    /**
     * Also publish every tick's samples (best effort, not via the outbox) to this topic, e.g.
     * {@code chargebay.samples}; absent = samples stay in the journal file only.
     */
    Optional<String> samplesTopic();

    /** Kafka client properties passed through verbatim (SASL, TLS, timeouts). */
    Map<String, String> properties();
  }

  interface Journal {
    /** The SQLite journal file; its folder is created if missing. */
    @WithDefault("data/chargebay.db")
    String path();
  }

  interface Demo {
    /** Unset: the demo runs when no bays are configured. */
    @WithConverter(StrictBoolean.class)
    Optional<Boolean> enabled();

    /** How much faster than real time the demo's virtual clock runs. */
    @WithDefault("60")
    double clockSpeed();
  }

  interface Bay {
    Supply supply();

    Bms bms();

    Profile profile();

    /** Overrides {@code chargebay.poll-interval} for this bay. */
    Optional<Duration> pollInterval();

    /** Start a session as soon as telemetry is fresh (once per controller start). */
    @WithDefault("false")
    @WithConverter(StrictBoolean.class)
    boolean autoStart();

    Safety safety();

    Metrics metrics();

    Sleep sleep();

    Charge charge();

    Balance balance();
  }

  /** The bay's BMS balancer, as the charge's end uses it. */
  interface Balance {
    /**
     * {@code active}: the charge holds CV at the ceiling until the cells are within 10 mV or {@code
     * hold-timeout}; {@code passive}: the status warns when the ceiling is below {@code
     * start-volts}; {@code none}.
     */
    @WithDefault("none")
    String kind();

    /** The cell voltage the balancer starts balancing at. */
    Optional<BigDecimal> startVolts();

    /** The longest balance hold (active). */
    @WithDefault("2h")
    Duration holdTimeout();
  }

  /** How the bay's charge ends. */
  interface Charge {
    /**
     * At a completion or an operator's stop, the current steps down over this many polls before the
     * output opens (0..20; 0: at once; default {@value
     * org.chargebay.session.DeciderSettings#RAMP_DOWN_STEPS}, see there). A safety cut-off never
     * ramps. With a ramp, a stop's answer holds its {@code RampDownStarted}; its {@code
     * ChargeStopped} follows within that many polls.
     */
    @WithDefault("" + org.chargebay.session.DeciderSettings.RAMP_DOWN_STEPS)
    int rampDownSteps();

    /**
     * The state of charge every start of this bay that names none stops at (20..100), judged from
     * the cells on the chemistry's OCV curve; absent: full.
     */
    Optional<Integer> targetSocPct();

    /**
     * The time of day ({@code HH:MM}, in {@code zone}) every start of this bay that names no time
     * is to be complete by (the next one after the start); absent: starts at once.
     */
    Optional<String> finishBy();

    /** The zone of {@code finish-by}, e.g. {@code Europe/Berlin}. */
    @WithDefault("UTC")
    String zone();
  }

  /** What a bay does after a completed charge. */
  interface Sleep {
    /** Sleep and top up after completion (false: the output just stays off). */
    @WithDefault("true")
    @WithConverter(StrictBoolean.class)
    boolean enabled();

    /** How often the BMS is read while the bay sleeps. */
    @WithDefault("60s")
    Duration pollInterval();

    /** How often the bay wakes to look at the pack. */
    @WithDefault("24h")
    Duration wakeEvery();

    /** A top-up starts when the highest cell has dropped by more than this since completion. */
    @WithDefault("0.050")
    BigDecimal topUpDropVolts();

    /** Top-ups per plug-in (an operator's start begins a new count). */
    @WithDefault("3")
    int maxTopUps();
  }

  interface Metrics {
    /**
     * Export every cell's voltage ({@code chargebay_cell_voltage_volts{cell}}, one series per cell
     * of the profile); false keeps only the highest and lowest cell.
     */
    @WithDefault("true")
    @WithConverter(StrictBoolean.class)
    boolean perCell();
  }

  interface Supply {
    /** {@code modbus-tcp://host:port}. */
    String url();

    /** Modbus unit (slave) id. */
    @WithDefault("1")
    int unit();

    /** {@code auto} (detect from the model-id register) or a model name such as {@code RD6018}. */
    @WithDefault("auto")
    String model();

    /** Per-request timeout (Riden stock firmware needs at least 500 ms). */
    @WithDefault("500ms")
    Duration timeout();

    /**
     * Charge on a supply that has no settable OVP/OCP (JUNTEK DPH/DPM, a relay-switched fixed
     * charger) although safety layer 1, the supply's own hardware limits, is then missing; the
     * safety supervisor and the BMS charge MOSFET remain. False: such a start is refused.
     */
    @WithDefault("false")
    @WithConverter(StrictBoolean.class)
    boolean acceptNoHardwareLimits();
  }

  interface Bms {
    /**
     * BMS family: {@code jbd}, {@code jk}, {@code daly} or {@code ant}; {@code none} for a pack
     * without a smart BMS (supply only, needs {@link #noneAcknowledged()}).
     */
    @WithDefault("jbd")
    String family();

    /**
     * {@code tcp://host:port} of an RS485-to-Ethernet gateway, or {@code serial:/dev/ttyUSB0}
     * (optionally {@code ?baud=N}); required unless the family is {@code none}.
     */
    Optional<String> url();

    /**
     * The operator's acknowledgement that a bay with {@code family=none} charges a pack nobody sees
     * the cells of: the supply alone, held below the pack ceiling, no charge MOSFET to open.
     * Without it {@code family=none} stops the start-up.
     */
    @WithDefault("false")
    @WithConverter(StrictBoolean.class)
    boolean noneAcknowledged();

    /** With {@code family=none}: the longest a session charges (1 min to 48 h). */
    @WithDefault("8h")
    Duration noneMaxChargeTime();

    /** Per-request timeout. */
    @WithDefault("300ms")
    Duration timeout();

    /**
     * Protocol generation where a family has several: JK {@code tlv|pb}, ANT {@code new|legacy}.
     */
    Optional<String> protocol();

    /** Bus address: JK PB Modbus address, Daly host byte (0x40 = 64 RS485, 0x80 = 128 UART). */
    Optional<Integer> address();

    /** Serial speed; default per family (JBD/Daly 9600, JK 115200, ANT 19200). */
    Optional<Integer> baud();

    /** Conventions the public sources dispute; defaults argued in {@code BmsConventions}. */
    Conventions conventions();
  }

  interface Conventions {
    /** Daly current sign on the wire: {@code wire-positive-is-discharge} (default) or the other. */
    Optional<BmsConventions.CurrentSign> dalyCurrentSign();

    /** ANT legacy current sign on the wire. */
    Optional<BmsConventions.CurrentSign> antLegacyCurrentSign();

    /**
     * ANT new-protocol MOSFET byte order: {@code discharge-first} (default) or {@code
     * charge-first}.
     */
    Optional<BmsConventions.AntMosByteOrder> antMosByteOrder();

    /** A cell index outside 1..cells: {@code flag} (default, an alarm) or {@code reject}. */
    Optional<BmsConventions.CellIndexPolicy> cellIndexPolicy();
  }

  interface Profile {
    /** NMC, NCA, LFP or LTO (case-insensitive): the limits of {@code session.Chemistries}. */
    @WithDefault("NMC")
    String chemistry();

    /** Series cell count the BMS must report. */
    int cells();

    /**
     * Per-cell ceiling in volts, e.g. 4.15; never above the chemistry's maximum (NMC/NCA 4.20, LFP
     * 3.65, LTO 2.80). Default: the chemistry's default ceiling (NMC/NCA 4.15, LFP 3.55, LTO 2.70).
     */
    Optional<BigDecimal> cellCeilingVolts();

    /** Constant-current limit in amps. */
    BigDecimal currentAmps();

    /** Completion threshold in amps; default C/20 of the charge current (current / 20). */
    Optional<BigDecimal> taperAmps();
  }

  interface Safety {
    /** A cell above ceiling + this margin is cut off. */
    @WithDefault("0.020")
    BigDecimal cellMarginVolts();

    /** BMS or supply data older than this while charging is cut off. */
    @WithDefault("800ms")
    Duration staleAfter();

    /**
     * No taper: with the highest cell at the ceiling, the current must fall below this fraction of
     * its value when the cell got there (0.10..0.90; default 0.50) ...
     */
    Optional<BigDecimal> noTaperFraction();

    /** ... within this long (1m..2h; default 30m). */
    Optional<Duration> noTaperWindow();

    /** A session may charge the capacity times this (1.00..1.50; default 1.10). */
    Optional<BigDecimal> chargeBudgetFactor();

    /** The pack's capacity for the budget (0.1..2000 Ah; default: the BMS's design capacity). */
    Optional<BigDecimal> capacityAmpHours();

    /**
     * The longest a session may charge (10m..48h; default 2 h plus twice the budget at the charge
     * current, 24 h when the capacity is unknown).
     */
    Optional<Duration> maxChargeTime();

    /**
     * The supply's read-back voltage setpoint may differ from the commanded one by this much
     * (0.010..5.000 V; default 0.5 % of the pack ceiling, at least 0.100 V).
     */
    Optional<BigDecimal> setpointToleranceVolts();

    /** The same for the current setpoint (0.010..5.000 A; default 5 %, at least 0.100 A). */
    Optional<BigDecimal> setpointToleranceAmps();

    /**
     * The supply's output voltage may differ from the BMS's pack voltage by this much: the drop
     * over the leads, the fuse and the BMS's MOSFETs (0.100..10.000 V; default 2.5 % of the pack
     * ceiling, at least 1.500 V).
     */
    Optional<BigDecimal> supplyBmsToleranceVolts();

    /**
     * The supply's output current may differ from the BMS's by this much (0.050..10.000 A; default
     * 10 % of the charge current, at least 0.500 A).
     */
    Optional<BigDecimal> supplyBmsToleranceAmps();

    /**
     * This many BMS readings in a row with the same cells and current while current flows are a
     * frozen BMS (3..600; default 300).
     */
    Optional<Integer> frozenSamples();

    /** Failed BMS reads in a row ridden through while charging (0..3; default 0). */
    Optional<Integer> bmsDropoutReads();

    /** This many BMS alarm toggles ... (2..20; default 4) */
    Optional<Integer> flapToggles();

    /** ... within this long latch as flapping alarms (5s..10m; default 60s). */
    Optional<Duration> flapWindow();
  }
}
