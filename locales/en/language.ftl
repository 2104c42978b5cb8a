# /language.

cmd-language = Language / Язык

language-prompt = Выберите язык / Choose your language:

language-set = Done, we speak English now.
