package org.chargebay.packs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BaySample;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.FaultLatched;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.jspecify.annotations.Nullable;

/**
 * Follows packs from bay to bay. When a session starts on a bay, the pack is identified (the
 * hardware id or serial its BMS reports, else the operator's label for the session, else the bay's
 * configured label) and {@link PackIdentified} is recorded in the pack's stream {@code pack-<id>};
 * each current step of the session gives a {@link ResistanceMeasured} there.
 *
 * <p>None of this is a control input: the hardware id is read over the BMS's shared link on the
 * recorder's own thread (never the bay's loop, which it may delay by one request at most, as any
 * call on a shared link may), and appends go to the pack streams on that thread too. A pack that
 * cannot be identified is logged and its session left out of the pack history.
 */
public final class PackRecorder {
  private static final Logger LOG = Logger.getLogger(PackRecorder.class.getName());

  /** How a bay's BMS is asked for the pack's hardware id. */
  public interface HardwareIdSource {
    Optional<String> read() throws BmsException;
  }

  /** Polls (samples) a session is still followed after it ended, for the current-removed step. */
  static final int SAMPLES_AFTER_END = 3;

  private final EventStore store;
  private final Executor executor;
  private final Map<String, String> sessionLabels = new ConcurrentHashMap<>();
  private final Map<String, Optional<String>> sessionPacks = new ConcurrentHashMap<>();

  /**
   * @param executor where identification and appends run: one thread in the app, in order; the
   *     caller's thread in tests
   */
  public PackRecorder(EventStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /** The operator's label for the pack of a session about to start (a start request's field). */
  public void labelSession(String sessionId, String label) {
    sessionLabels.put(sessionId, label);
  }

  /** The pack id a session was recorded under, if it was identified (and is known here). */
  public Optional<String> packOf(String sessionId) {
    return sessionPacks.getOrDefault(sessionId, Optional.empty());
  }

  /**
   * A listener for one bay.
   *
   * @param bayLabel the bay's configured pack label, null if none
   * @param maxGapMillis the longest gap between two readings of a step (two poll intervals)
   */
  public BayListener observe(
      String bayId,
      HardwareIdSource hardwareId,
      Supplier<@Nullable String> bayLabel,
      long maxGapMillis) {
    return new Observer(bayId, hardwareId, bayLabel, new ResistanceEstimator(maxGapMillis, 500));
  }

  /** A pack id as a stream and URL segment: letters, digits, '.', '_' and '-', at most 64. */
  static String normalise(String raw) {
    String id = raw.strip().replaceAll("[^A-Za-z0-9._-]", "_");
    return id.length() > 64 ? id.substring(0, 64) : id;
  }

  private final class Observer implements BayListener {
    private final String bayId;
    private final HardwareIdSource hardwareId;
    private final Supplier<@Nullable String> bayLabel;
    private final ResistanceEstimator estimator;
    private @Nullable String session;
    private int samplesLeft = -1;
    private @Nullable BmsSnapshot lastBms;

    Observer(
        String bayId,
        HardwareIdSource hardwareId,
        Supplier<@Nullable String> bayLabel,
        ResistanceEstimator estimator) {
      this.bayId = bayId;
      this.hardwareId = hardwareId;
      this.bayLabel = bayLabel;
      this.estimator = estimator;
    }

    @Override
    public void onSample(BaySample sample) {
      BmsSnapshot bms = sample.bms();
      if (bms == null) {
        estimator.reset();
        return;
      }
      lastBms = bms;
      Optional<ResistanceEstimator.Step> step =
          estimator.accept(
              new ResistanceEstimator.Reading(
                  sample.at().toEpochMilli(), bms.packMillivolts(), bms.currentMilliamps()));
      String s = session;
      if (step.isPresent() && s != null) {
        ResistanceEstimator.Step st = step.get();
        Instant at = sample.at();
        executor.execute(() -> recordResistance(s, at, st));
      }
      if (samplesLeft > 0 && --samplesLeft == 0) {
        session = null;
        samplesLeft = -1;
      }
    }

    @Override
    public void onEvents(String id, List<EventEnvelope> stored, List<ChargeEvent> events) {
      for (ChargeEvent e : events) {
        if (e instanceof ChargeStarted started) {
          session = started.sessionId();
          samplesLeft = -1;
          BmsSnapshot bms = lastBms;
          @Nullable String label = bayLabel.get();
          executor.execute(() -> identify(started, bms, label));
        } else if (session != null
            && session.equals(e.sessionId())
            && (e instanceof ChargeCompleted
                || e instanceof ChargeStopped
                || e instanceof CutOff
                || e instanceof FaultLatched
                || e instanceof ChargeSuspended)) {
          samplesLeft = SAMPLES_AFTER_END;
        }
      }
    }

    private void identify(
        ChargeStarted started, @Nullable BmsSnapshot bms, @Nullable String label) {
      String sessionId = started.sessionId();
      Optional<String> fromBms = Optional.empty();
      try {
        fromBms = hardwareId.read().map(PackRecorder::normalise).filter(i -> !i.isEmpty());
      } catch (BmsException | RuntimeException e) {
        LOG.log(Level.WARNING, "bay " + bayId + ": reading the pack's hardware id failed", e);
      }
      String source = "bms";
      String packId = fromBms.orElse(null);
      if (packId == null) {
        source = "label";
        String given = sessionLabels.remove(sessionId);
        packId = given != null ? given : label;
      } else {
        sessionLabels.remove(sessionId);
      }
      if (packId == null) {
        LOG.info(
            () ->
                "bay "
                    + bayId
                    + ", session "
                    + sessionId
                    + ": the BMS reports no hardware id and no pack label was given; the session"
                    + " is not in any pack's history");
        sessionPacks.put(sessionId, Optional.empty());
        return;
      }
      Integer cycles = bms == null ? null : bms.cycles();
      Integer nominal =
          bms == null || bms.nominalMilliampHours() <= 0 ? null : bms.nominalMilliampHours();
      append(
          packId,
          new PackIdentified(sessionId, started.at(), bayId, packId, source, cycles, nominal));
      sessionPacks.put(sessionId, Optional.of(packId));
    }

    private void recordResistance(String sessionId, Instant at, ResistanceEstimator.Step step) {
      Optional<String> pack = sessionPacks.getOrDefault(sessionId, Optional.empty());
      if (pack.isEmpty()) {
        return;
      }
      append(
          pack.get(),
          new ResistanceMeasured(
              sessionId,
              at,
              bayId,
              step.cause(),
              step.milliohms(),
              step.before().packMillivolts(),
              step.before().currentMilliamps(),
              step.after().packMillivolts(),
              step.after().currentMilliamps()));
    }
  }

  private void append(String packId, ChargeEvent event) {
    try {
      store.append(PackIdentified.streamOf(packId), ExpectedVersion.any(), List.of(event));
    } catch (EventStoreException e) {
      LOG.log(Level.WARNING, "pack " + packId + ": recording " + event + " failed", e);
    }
  }
}
