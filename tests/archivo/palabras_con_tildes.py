"""Palabras reales con tildes (y con «ü» y «ñ») para comparar las raíces de `archivo.raices` con
las de PostgreSQL: las terminaciones con tilde que el algoritmo reconoce (-ación, -ución, -logía,
-ía, -ió, -ará, -ábamos, -éis…), gerundios e infinitivos con pronombres pegados, esdrújulas,
agudas y los nombres de personas y lugares que aparecen en los expedientes."""

from __future__ import annotations

from archivo.lexico import lista

SUSTANTIVOS = lista(
    # -ación y -ución (paso 1 del algoritmo, solo con tilde)
    "cotización notificación liquidación exoneración conciliación afiliación administración "
    "obligación declaración documentación comunicación información autorización verificación "
    "presentación actualización aplicación amortización capitalización condonación contratación "
    "determinación fiscalización identificación instalación legalización negociación operación "
    "organización recaudación reclamación regularización remuneración representación tramitación "
    "valoración evaluación prestación población orientación nación estación relación situación "
    "resolución ejecución devolución constitución contribución institución distribución "
    "sustitución restitución solución evolución atribución disminución persecución retribución "
    # otras en -ión (sin sufijo del algoritmo: solo pierden la tilde)
    "inspección sección dirección gestión comisión pensión suspensión omisión revisión decisión "
    "acción sanción jurisdicción función región opinión misión lección excepción prevención "
    "intervención reunión unión transacción "
    # -logía y -logías
    "metodología tecnología terminología ideología sociología criminología psicología biología "
    "cronología metodologías tecnologías "
    # -ía, -ías (el algoritmo las trata como terminación verbal)
    "garantía cuantía compañía alcaldía fiscalía procuraduría auditoría contraloría secretaría "
    "tesorería categoría mayoría economía policía ferretería panadería librería mercadería "
    "energía estadía asesoría contaduría pagaduría notaría cortesía travesía garantías cuantías "
    "compañías categorías alcaldías mercaderías"
)

VERBOS = lista(
    # imperfecto y condicional
    "debía debían debíamos pagaría pagarían pagaríamos cobraría cobrarían notificaría "
    "presentaría vencería vencerían recibiría recibirían sabía podía podían hacía hacían decía "
    "existía existían correspondía correspondían adeudaría debíais pagaríais "
    # pretérito
    "pagó cobró notificó presentó firmó entregó solicitó venció recibió decidió resolvió "
    "incumplió cumplió emitió remitió adeudó aprobó suscribió construyó incluyó "
    # futuro
    "pagará pagarán cobrará notificará vencerá vencerán recibirá cumplirá emitirá pagaré cobraré "
    "presentarás pagarás deberá deberán recibirán "
    # -ábamos, -áramos, -iéramos, -ásemos, -iésemos
    "pagábamos cobrábamos esperábamos pagáramos cobráramos debiéramos recibiéramos pagásemos "
    "recibiésemos "
    # vosotros (-áis, -éis, -ís, -aréis)
    "pagáis cobráis debéis recibís pagaréis cobraréis deberéis recibiréis decís persigáis "
    # -gue, -gué, -guen, -güe (la «u» tras «g»)
    "llegué pagué entregué averigüé distinguen persiguen siguen averigüen averigüemos "
    # pronombres pegados al gerundio o al infinitivo
    "entregándole notificándoles cobrándole cobrárselo entregárselo decírselo explicándoles "
    "enviándoles remitiéndole devolviéndoselo pidiéndole ofreciéndonos oyéndolos leyéndolo "
    "concediéndoles informándole presentárselos atribuírselo reducírsela pagándolas exigiéndoles "
    "recordándoles solicitándole averiguándolo persiguiéndolos construyéndola incluyéndolos "
    "huyéndole dándole dárselo haciéndolo poniéndolas trayéndonos"
)

OTRAS = lista(
    # esdrújulas y llanas con tilde en la raíz
    "números número según trámite trámites prórroga prórrogas página páginas régimen crédito "
    "créditos código artículo artículos público pública jurídico jurídica económico económica "
    "período períodos dólares mínimo máximo último últimos próximo próxima cédula cédulas "
    "análisis patrón teléfono electrónico electrónica república catálogo vehículo título títulos "
    "depósito depósitos cálculo cálculos índice índices débito déficit además después través "
    "difícil fácil útil móvil ámbito órgano órganos género método métodos técnico técnica "
    "específico específica clínica médico médica lícito ilícito dólar lápiz árbol azúcar césped "
    "mármol cárcel ángel huésped rapidísimo muchísimos carísima "
    # adverbios en -mente
    "jurídicamente económicamente públicamente rápidamente últimamente periódicamente "
    "automáticamente legítimamente únicamente básicamente "
    # agudas
    "aquí allá acá café sofá bebé mamá jabalí rubí maní ají colibrí menú champú israelí "
    # «ü» y «ñ»
    "pingüino pingüinos vergüenza lingüística antigüedad bilingüe agüero desagüe argüir cigüeña "
    "nicaragüense exigüidad peña cañas señor señora compañero año años daño daños "
    # personas y lugares
    "pérez núñez ibáñez martínez rodríguez gonzález gómez hernández sánchez lópez díaz álvarez "
    "jiménez chávez méndez ramírez muñoz ordóñez menjívar guzmán valdés ahuachapán cuscatlán "
    "usulután morazán cabañas ñandú búho"
)

ACENTUADAS = SUSTANTIVOS + VERBOS + OTRAS
