/**
 * Proper nouns that are not persons: places, brands and holidays that share their spelling with
 * first names or surnames (`Florence`, `Nancy`, `Laval`, `Renault`, `Noël`), so that a capitalised
 * word of this list is taken for a person only in context (after a title or a first name).
 *
 * Source: written from memory by the author of the scrubber (no network access at the time of
 * writing): countries, French regions and départements, the prefectures and larger towns of
 * France, a few foreign cities, brands and holidays. Not a copy of the official geographic code;
 * incomplete by nature. Entries are separated by spaces (compound names with hyphens); case and
 * accents do not matter.
 */
export const PLACES_DATA = `
france allemagne belgique suisse luxembourg espagne portugal italie angleterre royaume-uni
irlande ecosse pays-bas hollande autriche pologne roumanie bulgarie grece turquie russie
ukraine serbie croatie albanie kosovo moldavie georgie armenie hongrie tchequie slovaquie
suede norvege danemark finlande islande maroc algerie tunisie libye egypte senegal mali
mauritanie guinee cote-d'ivoire burkina niger tchad cameroun gabon congo rdc benin togo
ghana nigeria madagascar comores maurice djibouti somalie ethiopie erythree soudan syrie
liban jordanie irak iran afghanistan pakistan inde chine japon coree vietnam cambodge laos
thailande philippines indonesie bresil argentine chili colombie perou venezuela mexique
canada quebec etats-unis amerique haiti cuba
bretagne normandie picardie lorraine alsace champagne bourgogne franche-comte auvergne
limousin aquitaine gascogne provence languedoc roussillon savoie dauphine corse occitanie
ile-de-france centre-val-de-loire pays-de-la-loire hauts-de-france grand-est nouvelle-aquitaine
auvergne-rhone-alpes bourgogne-franche-comte provence-alpes-cote-d'azur
guadeloupe martinique guyane reunion mayotte nouvelle-caledonie polynesie
ain aisne allier ardeche ardennes ariege aube aude aveyron calvados cantal charente
charente-maritime cher correze creuse dordogne doubs drome eure eure-et-loir finistere gard
gers gironde herault ille-et-vilaine indre indre-et-loire isere jura landes loir-et-cher loire
haute-loire loire-atlantique loiret lot lot-et-garonne lozere maine-et-loire manche marne
haute-marne mayenne meurthe-et-moselle meuse morbihan moselle nievre nord oise orne
pas-de-calais puy-de-dome pyrenees-atlantiques hautes-pyrenees pyrenees-orientales bas-rhin
haut-rhin rhone haute-saone saone-et-loire sarthe haute-savoie seine-maritime
seine-et-marne yvelines deux-sevres somme tarn tarn-et-garonne var vaucluse vendee vienne
haute-vienne vosges yonne essonne hauts-de-seine seine-saint-denis val-de-marne val-d'oise
cotes-d'armor
paris marseille lyon toulouse nice nantes strasbourg montpellier bordeaux lille rennes reims
toulon saint-etienne grenoble dijon angers nimes villeurbanne clermont-ferrand le-mans aix
brest tours amiens limoges annecy perpignan boulogne metz besancon orleans rouen mulhouse
caen nancy argenteuil montreuil roubaix tourcoing avignon nanterre vitry creteil poitiers
dunkerque versailles colombes courbevoie pau asnieres aubervilliers rueil champigny
saint-maur antibes la-rochelle calais cannes beziers colmar bourges saint-nazaire drancy
merignac ajaccio bastia valence quimper lorient vannes saint-brieuc saint-malo fougeres
vitre redon dinan lannion morlaix concarneau douarnenez landerneau guingamp pontivy
ploermel laval chateaubriant cholet la-roche-sur-yon les-sables-d'olonne saint-herblain
reze saint-sebastien orvault vertou carquefou bouguenais cesson-sevigne bruz chantepie
saint-jacques-de-la-lande pace betton chartres blois chateauroux niort angouleme
la-rochelle saintes rochefort cognac perigueux bergerac agen mont-de-marsan bayonne biarritz
tarbes auch montauban albi castres rodez cahors foix carcassonne narbonne sete ales
arles salon martigues aubagne la-ciotat hyeres frejus draguignan grasse menton gap digne
chambery albertville aix-les-bains annemasse thonon valence montelimar romans vienne
bourg-en-bresse macon chalon nevers auxerre sens troyes chaumont epinal saint-die
thionville forbach sarreguemines verdun bar-le-duc charleville-mezieres sedan laon soissons
saint-quentin beauvais compiegne creil arras lens bethune douai valenciennes cambrai
maubeuge evreux vernon dieppe le-havre fecamp cherbourg saint-lo alencon lisieux bayeux
vire granville avranches saint-denis saint-pierre saint-paul saint-louis le-tampon
saint-andre pointe-a-pitre basse-terre fort-de-france cayenne mamoudzou nouméa papeete
evry corbeil massy palaiseau cergy pontoise melun meaux chelles torcy noisy bobigny bondy
saint-ouen clichy pantin montreuil ivry villejuif sarcelles garges gennevilliers
vincennes saint-germain-en-laye mantes poissy sartrouville houilles chatou
villejean blosne cleunay maurepas brequigny
florence venise rome londres bruxelles geneve lausanne berlin madrid lisbonne alger oran
constantine tunis rabat casablanca dakar bamako abidjan
noël pâques toussaint ramadan aïd
renault peugeot citroen perrier lacoste mercedes michelin
`;
