# Группы: список, создание, карточка группы, вступление и выход.

cmd-groups = Мои группы
cmd-join = Вступить в группу по коду

groups-led = <b>Ваши группы</b> (в скобках — сколько участников). Нажмите, чтобы открыть:
groups-led-none = У вас пока нет групп. Создайте первую — ученики вступят по коду или QR-коду.
groups-joined = <b>Группы, в которых вы состоите:</b>
groups-joined-line = • «{ $name }», координатор — { $coordinator }
groups-none =
    Вы пока не состоите ни в одной группе.
    Чтобы вступить, откройте ссылку от учителя или координатора или отправьте /join и код группы.
groups-btn-open = { $name } ({ $count })
groups-btn-new = ➕ Новая группа
groups-btn-leave = 🚪 Выйти из «{ $name }»
groups-btn-list = ⬅️ Все группы
groups-not-allowed = Это действие вам недоступно.
groups-not-a-member = Вы не состоите в этой группе.
groups-nameless = (без имени)

groups-ask-name = Как назвать группу? Напишите название, до { $limit } знаков, например «9Б, школа 12». Передумали — /cancel.
groups-ask-rename = Напишите новое название для «{ $name }», до { $limit } знаков. Передумали — /cancel.
groups-name-bad = Название должно быть от 1 до { $limit } знаков. Напишите его ещё раз или отправьте /cancel.
groups-created =
    Группа «{ $name }» создана.
    Код для вступления: <b>{ $code }</b>
    Ссылка: { $link }

    Дайте ученикам ссылку или код (команда /join), или покажите QR-код ниже — на экране в классе или на распечатке.
groups-btn-open-new = Открыть группу
groups-qr-caption = «{ $name }»: наведите камеру телефона, чтобы вступить в группу. { $link }

groups-card-code = Код для вступления: <b>{ $code }</b> · участников: { $count }
groups-card-link = Ссылка для вступления: { $link }
groups-card-members = Участники
groups-card-no-members = Пока никто не вступил.
groups-card-pledges = обещал(а) помочь: { $made }, прошли инструкцию: { $walked }, подтверждено: { $confirmed }, сам(а) отметил(а): { $reported }, просрочено: { $overdue }
groups-card-homework = Задания
groups-card-no-homework = Заданий пока нет.
groups-btn-assign = 📝 Задать тест
groups-btn-results = 📊 Результаты
groups-btn-rename = ✏️ Переименовать
groups-btn-code = 🔑 Новый код
groups-btn-remove = 👤 Удалить участника
groups-btn-close = 🗑 Закрыть группу

groups-close-sure = Закрыть группу «{ $name }»? Вступить в неё больше будет нельзя, и она пропадёт из списка.
groups-btn-close-yes = Да, закрыть группу
groups-closed = Группа «{ $name }» закрыта.
groups-remove-pick = Кого удалить из группы «{ $name }»?
groups-remove-sure = Удалить участника «{ $member }» из группы «{ $name }»?
groups-btn-remove-yes = Да, удалить
groups-leave-sure = Выйти из группы «{ $name }»? Координатор больше не увидит ваши результаты и обещания.
groups-btn-leave-yes = Да, выйти
groups-left = Вы вышли из группы «{ $name }».

join-ask-code = Напишите код группы — 6 букв и цифр, его даёт учитель или координатор. Передумали — /cancel.
join-wrong-code = Такого кода нет. Проверьте буквы и цифры и напишите код ещё раз.
join-throttled = Слишком много неверных кодов подряд. Попробуйте снова через час.
join-already = Вы уже состоите в группе «{ $name }».
join-offer =
    Вас приглашают в группу «{ $name }». Её ведёт { $coordinator }.

    Если вы вступите, { $coordinator } будет видеть:
    • ваше имя из Telegram — «{ $me }»;
    • ваши результаты в тестах-заданиях;
    • ваши обещания «Тимуровцев» и подтвердились ли они.
    Что вы пишете мне, координатор не видит.

    Вступать могут и школьники: ни телефон, ни фамилию координатор не увидит. Если вы не знаете координатора «{ $coordinator }», не вступайте. Выйти можно в любой момент — /groups.
join-btn-yes = ✅ Вступить
join-btn-no = Не сейчас
join-not-now = Хорошо, не вступаем. Код можно ввести позже — /join.
join-code-gone = Этот код уже не действует. Попросите у координатора новый.
join-done =
    Готово! Вы в группе «{ $name }».
    Задания — /homework, ваши группы — /groups.
