/**
 * The demo: one simulated bay wired into the app. The only package of the app that imports the
 * simulator ({@code DemoIsolationTest}), so that a configured bay can never reach an emulator or a
 * virtual clock.
 */
@NullMarked
package org.chargebay.app.demo;

import org.jspecify.annotations.NullMarked;
