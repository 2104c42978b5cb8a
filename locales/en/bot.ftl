# The bot's interface texts in English. Keys (left of "=") are the same in every language; change only the text.

error = Sorry, something went wrong. Please try again or open /menu.

btn-menu = 🏠 Menu

stale-button = This button no longer works. Here is where you are now.

btn-no = No, don't
