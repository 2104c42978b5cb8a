# Сообщения, которые бот присылает сам (напоминания, вопросы «Получилось?»), и /settings.

btn-remind = 🔔 Напомнить накануне визита

remind-ask = Когда у вас визит? Напишите дату, например { $example }, «завтра» или «в пятницу». Передумали — отправьте /cancel.

remind-not-a-date = Не получилось понять дату. Напишите её так: { $example }, «5 декабря» или «в пятницу». Передумали — /cancel.

remind-too-late = Этот день уже наступил или прошёл. Напишите дату будущего визита, например { $example }.

remind-too-far = Это больше чем через год. Напишите дату поближе, например { $example }.

remind-next-year = { $day } в этом году уже прошло. Вы имели в виду { $meant }? Если нет — напишите другую дату.

remind-btn-next-year = ✅ Да, { $meant }

remind-saved =
    Записал: визит { $visit }. Напоминание запланировано на { $day } в { $time }.
    Время — { $city }. Другой часовой пояс можно выбрать в /settings.

cmd-settings = Часовой пояс и напоминания

outbox-btn-snooze = ⏰ Напомнить завтра

outbox-btn-stop = 🔕 Не напоминать об этом

outbox-stopped =
    Хорошо, больше не буду присылать: { $family }.
    Включить снова можно в /settings.

outbox-snoozed = Хорошо, напомню завтра, { $day }, в { $time }.

outbox-family-reminders = Напоминания о визитах

outbox-family-followups = Вопросы «Получилось?»

outbox-family-nudges = Напоминания о заданиях и обещаниях

outbox-family-digests = Сводки для координаторов

outbox-family-news-joined = Группы: кто вступил

outbox-family-news-homework = Группы: кто сделал задание

outbox-family-news-pledges = Группы: кому помогли ученики

outbox-family-news-help = Группы: ученика просят помочь

outbox-city-kaliningrad = Калининград

outbox-city-moscow = Москва

outbox-city-samara = Самара

outbox-city-yekaterinburg = Екатеринбург

outbox-city-omsk = Омск

outbox-city-krasnoyarsk = Красноярск

outbox-city-irkutsk = Иркутск

outbox-city-yakutsk = Якутск

outbox-city-vladivostok = Владивосток

outbox-city-magadan = Магадан

outbox-city-kamchatka = Камчатка

outbox-settings-zone = <b>Настройки</b>
    Часовой пояс: { $city } (у вас сейчас { $time }).

outbox-settings-quiet = Ночью я не пишу: с { $start } до { $end } по вашему времени.

outbox-settings-kinds = Что мне присылать? Нажмите, чтобы включить ✅ или выключить 🔕:

outbox-btn-zone = 🕒 Часовой пояс: { $city }

outbox-zones-ask = В каком городе ваше время? Выберите город с тем же временем, что у вас:

outbox-zone-set = Готово, часовой пояс сохранён.

outbox-visit-due =
    🔔 Напоминаю: { $day } у вас визит к врачу.
    Если планы изменились, запись можно отменить — так время достанется другому.

outbox-visit-open = Открыть «{ $title }»

outbox-followup-ask =
    Недавно вы прошли инструкцию «{ $title }».
    { $question }

outbox-followup-yes = ✅ Да

outbox-followup-not-yet = ⏳ Пока нет

outbox-followup-help = 🙋 Нужна помощь

outbox-followup-yes-said = Отлично, вы молодец! Спасибо, что рассказали.

outbox-followup-not-yet-said = Ничего страшного. Когда будете готовы, инструкция ждёт вас — можно пройти её ещё раз.

outbox-followup-open = 🔄 Пройти «{ $title }» ещё раз

outbox-followup-already = Вы уже ответили, спасибо!
