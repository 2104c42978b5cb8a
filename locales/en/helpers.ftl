# «Нужна помощь» (I need help): pass it on to someone who can help, or say where to get help.

helpers-nameless = A member
helpers-offer-student = I can tell someone that you need help. The message goes to <b>{ $name }</b>, who sent you the link to me and promised to help with Gosuslugi.
helpers-offer-coordinator = I can tell someone that you need help. The message goes to <b>{ $name }</b>, who leads your group “{ $group }”.
helpers-offer-ask = I will only say which guide and which step you stopped at. Shall I tell them you need help?
helpers-btn-yes = ✅ Yes, tell them
helpers-btn-no = No, thanks
helpers-places =
    Where you can get help with Gosuslugi:
    • An MFC (service centre): they confirm Gosuslugi accounts and take applications.
    • A library: many have a legal information centre (центр правовой информации) that helps with Gosuslugi. Ask at your nearest one.
    • Official Gosuslugi support: 8 800 100-70-10 and 115 (according to the Interior Ministry, TASS, 26.11.2025).
    Never tell anyone SMS codes or passwords — not even them.
    You can go through the guide again, step by step, or ask your family to help.
helpers-passed = Done. { $name } will get a message from me: which guide and which step you need help with. I don't write at night — then in the morning.
helpers-passed-already = I have passed it on already, thank you!
helpers-btn-again = 🔄 Go through "{ $title }" again
helpers-btn-open = 📖 Open "{ $title }"
helpers-where-guide = The guide: "{ $title }".
helpers-where-end = They went through the guide "{ $title }" to the end, but it did not work on Gosuslugi itself.
helpers-where-step = Where it is hard: the guide "{ $title }", the step "{ $step }".
helpers-asked-student =
    🙋 Your { $who } asks for help with Gosuslugi.
    { $where }
    What to do: call or visit and go through this step together, on their own phone. The guide is behind the button below. They type their password and SMS codes themselves and tell nobody: you only show where to tap.
helpers-asked-coordinator =
    🙋 { $name } from the group “{ $group }” asks for help with Gosuslugi.
    { $where }
    What to do: talk at your next session or get in touch as you usually do, and go through this step together — the guide is behind the button below. They type their password and SMS codes themselves and tell nobody. If it does not work together: an MFC, or official Gosuslugi support: 8 800 100-70-10 and 115 (according to the Interior Ministry, TASS, 26.11.2025).
helpers-offer-copy = The leader of the group «{ $group }», where { $name } studies, will know too — to give advice if needed.
helpers-asked-copy =
    🙋 A student may need your support: { $student } from the group «{ $group }» is helping someone with Gosuslugi, and { $who } asks for help.
    { $where }
    { $student } has already got a message with tips. If needed, help them sort it out — in class, for example.
