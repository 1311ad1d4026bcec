"""canbo: the Sở Nội vụ system for the cadre-building plan, the personnel registry and its targets."""
