# /help.

help =
    <b>How to use me</b>
    Pick a situation in the menu and press the buttons under the messages. I explain what to prepare, where to click and what happens next. You can go back or stop: everything is saved.

    /menu — list of situations
    /quiz — quizzes: test yourself
    /language — change the language
    /settings — time zone and which reminders to send
    /cancel — stop the current guide
    /join — join a group with your teacher's code
    /groups — your groups (teachers: make a group, show its QR code, set a quiz, see the results, extend a deadline or cancel a quiz; at 18:00, who joined, did the homework or was helped by students that day; switched off in /settings)
    /homework — homework from your teacher
    /pledge — «Тимуровцы»: promise to help your family with Gosuslugi; I tell you when they walk the guide and when it works for them
    /help — this help
    /stats — statistics (for group coordinators)
    /privacy — what I keep about you; /mydata — see it; /forget — delete it

    A few days after a guide I ask whether it worked. If it doesn't, press «🙋 I need help»: I tell the person who promised to help you, or your group's leader (if you agree), and if there is nobody, I tell you where to get help.

    { disclaimer }
    Official Gosuslugi support: 8 800 100-70-10 and 115 (Interior Ministry via TASS, 26.11.2025; checked 23.11.2026).

cmd-help = Help and safety
