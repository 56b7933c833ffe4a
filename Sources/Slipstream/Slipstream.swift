// Module Slipstream.
