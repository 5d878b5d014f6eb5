package org.chargebay.supply;

/** The supply's own OVP/OCP thresholds as read back from the unit, in mV and mA. */
public record ProtectionSettings(int ovpMillivolts, int ocpMilliamps) {}
