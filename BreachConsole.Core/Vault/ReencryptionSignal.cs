using BreachConsole.Core.Common;

namespace BreachConsole.Core.Vault;

/// <summary>Wakes the re-encryption worker after a rotation (and lets tests wait for nothing: they run a pass directly).</summary>
public sealed class ReencryptionSignal : WakeSignal;
