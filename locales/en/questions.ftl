# Typed questions, and whatever is not a question.

unknown-command = I don't know that command. The list of commands: /help.

unusual-media = I understand only text and buttons. Type your question in words or pick below.

unusual-emoji = 🙂 Pick what I can help with, or type your question in words.

unusual-contact = I do not need phone numbers and I do not keep them. Never send your details or codes to anyone, even "from Gosuslugi".

unusual-location = I do not need to know where you are. Pick what I can help with:

unusual-forwarded = I do not read forwarded messages. If you doubt a message is really from Gosuslugi, check it with me:

unusual-long = That message is very long. Type your question briefly, in a few words, e.g. "lost my passport", or pick below.

unusual-button = This button no longer works. Here is the menu.
