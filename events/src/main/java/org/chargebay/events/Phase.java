package org.chargebay.events;

/** Where a bay is in its charge lifecycle. */
public enum Phase {
  /** No session; output off. */
  IDLE,
  /** Constant current: the supply is current-limited at the profile current. */
  CC,
  /** Constant voltage: the setpoint is steered so that the highest cell sits at the ceiling. */
  CV,
  /**
   * A session exists but the output is held off until fresh telemetry passes the checks (after a
   * controller restart).
   */
  SUSPENDED,
  /** The session ended on current taper; output off. */
  COMPLETE,
  /** A safety cut-off latched a fault; output off until an operator acknowledges it. */
  FAULT;

  /** True while the session may push current into the pack. */
  public boolean charging() {
    return this == CC || this == CV;
  }

  /** True while a session is open (charging or held). */
  public boolean inSession() {
    return this == CC || this == CV || this == SUSPENDED;
  }
}
