using MudBlazor;

namespace BreachConsole.Components.Layout;

/// <summary>
/// The console's colours. Every pair a status chip, alert, link, button or label shows meets WCAG 2.2 AA (4.5:1) in
/// both palettes: filled chips and buttons take white text on the darker light-mode shades and black text on the
/// lighter dark-mode shades (MudBlazor's defaults, e.g. white on #00c853, are 2.2:1).
/// </summary>
internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#b42318", AppbarBackground = "#b42318", AppbarText = "#ffffff", Secondary = "#1d4ed8",
            Info = "#1565c0", Success = "#2e7d32", Warning = "#b45309", Error = "#c62828",
            InfoContrastText = "#ffffff", SuccessContrastText = "#ffffff", WarningContrastText = "#ffffff", ErrorContrastText = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#fb8a82", PrimaryContrastText = "#000000", AppbarBackground = "#3b0d0c", AppbarText = "#ffffff",
            Secondary = "#93c5fd", SecondaryContrastText = "#000000",
            Info = "#64b5f6", Success = "#66bb6a", Warning = "#ffb74d", Error = "#ff8a80",
            InfoContrastText = "#000000", SuccessContrastText = "#000000", WarningContrastText = "#000000", ErrorContrastText = "#000000",
            TextSecondary = "#c2c2c6",
            // Text alerts (lint findings, banners) write in the "darken" shade on a tinted surface: in the dark palette it
            // must be lighter still to keep 4.5:1.
            InfoDarken = "#90caf9", SuccessDarken = "#a5d6a7", WarningDarken = "#ffcc80", ErrorDarken = "#ffb4ab",
        },
    };
}
