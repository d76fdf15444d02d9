using System.Collections.Frozen;

namespace BreachConsole.Components.Pages.Preferences;

/// <summary>The public preference page's wording in each language notices are written in (en, es, fr, de).</summary>
internal sealed record PreferencePageText(
    string LanguageName,
    string Title,
    string Intro,
    string OnFile,
    string Name,
    string Email,
    string Phone,
    string ChannelLegend,
    string NoPreference,
    string ChannelEmail,
    string ChannelSms,
    string ChannelVoice,
    string LanguageLabel,
    string MarketingLabel,
    string ServiceAlertsLabel,
    string ServiceAlertsHelp,
    string Save,
    string Saved,
    string PageLanguage,
    string InvalidTitle,
    string InvalidBody,
    string ExpiredTitle,
    string ExpiredBody,
    string RevokedTitle,
    string RevokedBody,
    string TooManyTitle,
    string TooManyBody,
    string NotSaved,
    string ElectronicNoticeLabel,
    string ElectronicNoticeHelp)
{
    public const string Default = "en";

    private static readonly FrozenDictionary<string, PreferencePageText> ByLanguage = new Dictionary<string, PreferencePageText>
    {
        ["en"] = new(
            "English",
            "Your contact preferences",
            "Choose how we contact you. Your choices apply to the next message we send.",
            "What we have on file (partly hidden for your privacy)",
            "Name", "Email", "Phone",
            "How should we contact you?",
            "No preference", "Email", "Text message (SMS)", "Phone call",
            "Language of our messages",
            "Do not send me marketing messages",
            "Do not send me service alerts",
            "Service alerts are messages about your account and its security. Notices the law requires us to send you, such as a notice that your personal data was involved in a security breach, are service alerts. If you opt out, we will stop sending them by email, text message or phone call; where the law still requires us to tell you, we will do so by post or another means the law allows.",
            "Save my preferences",
            "Your preferences were saved.",
            "Page language",
            "This link does not work",
            "The link may be incomplete or changed. Please use the link in the most recent message we sent you.",
            "This link has expired",
            "For your security, preference links work for a limited time. The next message we send you will contain a new link.",
            "This link is no longer active",
            "This link was withdrawn. The next message we send you will contain a new link.",
            "Too many attempts",
            "Please wait a minute and try again.",
            "Your preferences were not saved. Please check your choices and try again.",
            "I agree to receive notices about my health information by email instead of by post",
            "Notices about a breach of your health information are sent by first-class mail unless you agree to receive them by email. You can withdraw this agreement at any time on this page."),
        ["es"] = new(
            "Español",
            "Sus preferencias de contacto",
            "Elija cómo nos comunicamos con usted. Sus opciones se aplican al próximo mensaje que le enviemos.",
            "Lo que tenemos registrado (parcialmente oculto para proteger su privacidad)",
            "Nombre", "Correo electrónico", "Teléfono",
            "¿Cómo prefiere que nos comuniquemos con usted?",
            "Sin preferencia", "Correo electrónico", "Mensaje de texto (SMS)", "Llamada telefónica",
            "Idioma de nuestros mensajes",
            "No deseo recibir mensajes de marketing",
            "No deseo recibir alertas de servicio",
            "Las alertas de servicio son mensajes sobre su cuenta y su seguridad. Los avisos que la ley nos obliga a enviarle, como el aviso de que sus datos personales se vieron afectados por una brecha de seguridad, son alertas de servicio. Si se da de baja, dejaremos de enviarlas por correo electrónico, mensaje de texto o llamada; cuando la ley nos siga obligando a informarle, lo haremos por correo postal u otro medio que la ley permita.",
            "Guardar mis preferencias",
            "Sus preferencias se han guardado.",
            "Idioma de la página",
            "Este enlace no funciona",
            "Es posible que el enlace esté incompleto o se haya modificado. Utilice el enlace del mensaje más reciente que le enviamos.",
            "Este enlace ha caducado",
            "Por su seguridad, los enlaces de preferencias funcionan durante un tiempo limitado. El próximo mensaje que le enviemos incluirá un enlace nuevo.",
            "Este enlace ya no está activo",
            "Este enlace fue retirado. El próximo mensaje que le enviemos incluirá un enlace nuevo.",
            "Demasiados intentos",
            "Espere un minuto y vuelva a intentarlo.",
            "Sus preferencias no se guardaron. Revise sus opciones e inténtelo de nuevo.",
            "Acepto recibir por correo electrónico, en lugar de por correo postal, los avisos sobre mi información de salud",
            "Los avisos sobre una violación de su información de salud se envían por correo postal de primera clase, salvo que usted acepte recibirlos por correo electrónico. Puede retirar este consentimiento en cualquier momento en esta página."),
        ["fr"] = new(
            "Français",
            "Vos préférences de contact",
            "Choisissez comment nous vous contactons. Vos choix s'appliquent au prochain message que nous vous enverrons.",
            "Ce que nous avons enregistré (partiellement masqué pour protéger votre vie privée)",
            "Nom", "E-mail", "Téléphone",
            "Comment souhaitez-vous être contacté ?",
            "Aucune préférence", "E-mail", "SMS", "Appel téléphonique",
            "Langue de nos messages",
            "Ne pas m'envoyer de messages marketing",
            "Ne pas m'envoyer d'alertes de service",
            "Les alertes de service sont des messages concernant votre compte et sa sécurité. Les notifications que la loi nous impose de vous envoyer, par exemple pour vous informer que vos données personnelles ont été concernées par une violation de sécurité, sont des alertes de service. Si vous vous désinscrivez, nous cesserons de les envoyer par e-mail, SMS ou appel ; lorsque la loi nous impose tout de même de vous informer, nous le ferons par courrier postal ou par un autre moyen autorisé par la loi.",
            "Enregistrer mes préférences",
            "Vos préférences ont été enregistrées.",
            "Langue de la page",
            "Ce lien ne fonctionne pas",
            "Le lien est peut-être incomplet ou a été modifié. Utilisez le lien du dernier message que nous vous avons envoyé.",
            "Ce lien a expiré",
            "Pour votre sécurité, les liens de préférences fonctionnent pendant une durée limitée. Le prochain message que nous vous enverrons contiendra un nouveau lien.",
            "Ce lien n'est plus actif",
            "Ce lien a été retiré. Le prochain message que nous vous enverrons contiendra un nouveau lien.",
            "Trop de tentatives",
            "Veuillez patienter une minute puis réessayer.",
            "Vos préférences n'ont pas été enregistrées. Vérifiez vos choix et réessayez.",
            "J'accepte de recevoir par e-mail, plutôt que par courrier postal, les avis concernant mes informations de santé",
            "Les avis concernant une violation de vos informations de santé sont envoyés par courrier postal, sauf si vous acceptez de les recevoir par e-mail. Vous pouvez retirer cet accord à tout moment sur cette page."),
        ["de"] = new(
            "Deutsch",
            "Ihre Kontakteinstellungen",
            "Wählen Sie, wie wir Sie kontaktieren. Ihre Auswahl gilt ab der nächsten Nachricht, die wir Ihnen senden.",
            "Was wir gespeichert haben (zum Schutz Ihrer Privatsphäre teilweise verborgen)",
            "Name", "E-Mail", "Telefon",
            "Wie sollen wir Sie kontaktieren?",
            "Keine Präferenz", "E-Mail", "Textnachricht (SMS)", "Telefonanruf",
            "Sprache unserer Nachrichten",
            "Keine Marketingnachrichten senden",
            "Keine Servicebenachrichtigungen senden",
            "Servicebenachrichtigungen sind Nachrichten zu Ihrem Konto und seiner Sicherheit. Mitteilungen, die wir Ihnen gesetzlich senden müssen, etwa dass Ihre personenbezogenen Daten von einer Sicherheitsverletzung betroffen waren, sind Servicebenachrichtigungen. Wenn Sie sie abbestellen, senden wir sie nicht mehr per E-Mail, SMS oder Anruf; wo das Gesetz uns dennoch verpflichtet, Sie zu informieren, tun wir dies per Post oder auf einem anderen gesetzlich zulässigen Weg.",
            "Einstellungen speichern",
            "Ihre Einstellungen wurden gespeichert.",
            "Sprache der Seite",
            "Dieser Link funktioniert nicht",
            "Der Link ist möglicherweise unvollständig oder wurde verändert. Bitte verwenden Sie den Link aus unserer letzten Nachricht.",
            "Dieser Link ist abgelaufen",
            "Zu Ihrer Sicherheit sind Einstellungslinks nur begrenzte Zeit gültig. Unsere nächste Nachricht enthält einen neuen Link.",
            "Dieser Link ist nicht mehr aktiv",
            "Dieser Link wurde zurückgezogen. Unsere nächste Nachricht enthält einen neuen Link.",
            "Zu viele Versuche",
            "Bitte warten Sie eine Minute und versuchen Sie es erneut.",
            "Ihre Einstellungen wurden nicht gespeichert. Bitte prüfen Sie Ihre Auswahl und versuchen Sie es erneut.",
            "Ich bin einverstanden, Hinweise zu meinen Gesundheitsdaten per E-Mail statt per Post zu erhalten",
            "Hinweise auf eine Verletzung des Schutzes Ihrer Gesundheitsdaten werden per Post versandt, es sei denn, Sie sind mit dem Empfang per E-Mail einverstanden. Sie können diese Einwilligung jederzeit auf dieser Seite widerrufen."),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Supported { get; } = ["en", "es", "fr", "de"];

    /// <summary>The first of <paramref name="candidates"/> (BCP 47 tags) whose language the page speaks, else English.</summary>
    public static (string Language, PreferencePageText Text) For(params string?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            var neutral = candidate?.Split('-', 2)[0];
            if (neutral is not null && ByLanguage.TryGetValue(neutral, out var text))
            {
                return (neutral.ToLowerInvariant(), text);
            }
        }

        return (Default, ByLanguage[Default]);
    }

    public static string NameOf(string language) => ByLanguage.TryGetValue(language.Split('-', 2)[0], out var text) ? text.LanguageName : language;
}
