"""The pure core: escalation ladders and scores, the theatre table, the world state and
counter-based random numbers. Imports numpy only."""
