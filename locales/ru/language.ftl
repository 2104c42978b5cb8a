# /language.

cmd-language = Язык / Language

language-prompt = Выберите язык / Choose your language:

language-set = Готово, теперь говорим по-русски.
