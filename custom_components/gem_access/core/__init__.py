"""Pure access-control logic for GEM Access: no Home Assistant imports here."""
