# Keeping personal data safe: what the bot says when someone sends a document or card number, a code or a password.

safety-kind-passport = a passport number
safety-kind-snils = a SNILS number
safety-kind-card = a bank card number
safety-kind-inn = a tax number (INN)
safety-kind-phone = a phone number
safety-kind-email = an e-mail address
safety-kind-code = an SMS code
safety-kind-password = a password

safety-deleted = 🛑 I deleted your message: it had { $kind } in it.
safety-not-deleted = 🛑 Your message has { $kind } in it. I could not delete it. Please delete it yourself: tap the message and choose "Delete".
safety-warning =
    Never send such data to anyone — not in a chat, not on the phone, not even to this bot. I don't keep it.
    Gosuslugi staff never ask for codes, passwords or document numbers. Whoever asks is a fraudster.
    If you have already told someone a code or a password, tap the button below: it shows step by step what to do right now.
# The support numbers come from shared/facts/gosuslugi-facts.md, section "Safety".
safety-support = Gosuslugi support: 115 and 8 800 100-70-10 — dial them yourself. <i>Source: TASS citing the Ministry of Internal Affairs, 26.11.2025.</i>
safety-btn-leaked = 🆘 I already told a code or password

safety-greeting = Hello! I help with Gosuslugi. Choose a situation or type your question in your own words.
safety-thanks = You're welcome! Glad to help. If a question comes up, just write — I'm here.

safety-your-question = You asked (I hid the numbers and passwords): "{ $question }"
