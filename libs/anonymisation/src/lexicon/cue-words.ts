/**
 * Words that give the words around them a meaning: titles, particles, street types, and the cue
 * words after which people write an identifier (`né le`, `allocataire`, `mot de passe :`). Each
 * list becomes a lexicon flag; the detectors read them through one lookup per word.
 */

/** Civil titles and forms of address (`Mme`, `monsieur`, `Dr`). `M` and `Me` are case-checked. */
export const TITLES = `m mme mmes mlle mlles mr mrs ms mm dr pr me madame mesdames monsieur messieurs
mademoiselle mesdemoiselles docteur professeur maitre`;

/** Particles inside names and street names. */
export const PARTICLES = `de du des d la le les l van von der den da di del della dos das ben bin
el al ait bou`;

/** Words that never start a name or a street name: pronouns, articles, auxiliaries, connectors. */
export const STOP_WORDS = `il elle ils elles on nous vous je j tu le la les l un une des du de d
ce cet cette ces c ca cela ceci puis mais et ou donc car ni ensuite alors apres avant pour par en
dans sur avec sans si quand comme depuis pendant lors au aux a est sont etait etaient sera a ont
avait avaient va vont vient viennent fait font peut doit veut souhaite voudrait demande dit
n ne pas plus tres trop bien mal aussi encore deja toujours jamais enfin aujourd hui qui que qu
quoi dont ou se s sa son ses mon ma mes ton ta tes notre votre leur leurs y me m te t moi toi lui
eux meme tout tous toute toutes chaque quelque quelques plusieurs autre autres chez vers entre
contre selon malgre voici voila oui non`;

/** Street types that are not ordinary nouns: a lower-case name may follow (`rue de la paix`). */
export const STREET_TYPES = `rue ruelle avenue av ave boulevard bd bld bvd allee impasse imp quai
lieu-dit lieudit residence faubourg fbg hameau lotissement esplanade rond-point sentier venelle rte`;

/** Street types that are also ordinary nouns: the street name must have a capital. */
export const AMBIGUOUS_STREET_TYPES = `place pl cours route chemin passage square voie cite parvis
promenade domaine chaussee montee traverse`;

/** Words naming a place where one lives without a street number. */
export const ADDRESS_WORDS = `residence lieu lieudit hameau cite batiment bat appartement appt
apt escalier esc`;

/** Verbs and nouns after which a street without a number is an address (`habite rue des Lilas`). */
export const ADDRESS_CUES = `habite habitent habitait vit vivait domicilie domiciliee demeurant
demeurante loge logee heberge hebergee reside residant adresse`;

/** Institutions named after people: a name right after one is a place (`collège Jean Moulin`). */
export const INSTITUTIONS = `college lycee ecole mediatheque bibliotheque centre maison
espace salle gymnase stade piscine parc square gare hopital chu clinique ehpad quartier pole mjc
foyer institut universite campus station metro arret avenue rue boulevard place allee quai
impasse route chemin residence cite hotel musee theatre cinema eglise mosquee temple fondation
association prix lycees colleges ecoles aeroport port pont tour`;

/** After these, a capitalised word or one from the name lists is a name (`s'appelle Lucas`). */
export const NAME_CUES = `appelle appellent appele appelee appeles nomme nommee denomme denommee
surnomme surnommee prenom prenoms nom epouse epoux veuve veuf famille`;

/** Birth, after which a date is a date of birth. */
export const BIRTH_CUES = `ne nee nes nees naissance ddn dn naitre naquit`;

/** Allocataire numbers of the CAF or the MSA. */
export const CAF_CUES = `caf allocataire allocataires alloc msa`;

export const PASSPORT_CUES = `passeport passeports passport`;

/** Identity cards and residence permits. */
export const ID_CUES = `cni identite sejour residence-permit`;

/** Tax numbers and online tax references. */
export const TAX_CUES = `fiscal fiscale spi teledeclarant ligne avis`;

/** Licence plates. */
export const PLATE_CUES = `immatriculation immatricule immatriculee immat plaque plaques vehicule
voiture scooter moto camionnette`;

/** Social networks and pseudonyms. */
export const HANDLE_CUES = `instagram insta ig snapchat snap tiktok twitter facebook fb pseudo
pseudonyme discord telegram messenger threads bluesky mastodon`;

/** Credentials. `code` needs a qualifier (see secret.ts). */
export const SECRET_CUES = `mdp password passwd pwd pin digicode cryptogramme cvv cvc identifiant
login username utilisateur code passe`;

/** Written-out `@` in spelled email addresses. */
export const EMAIL_WORDS = `arobase arrobase arobas at`;

/** Written-out dots, dashes and underscores in spelled email addresses. */
export const EMAIL_JOINERS = `point dot tiret underscore`;

export const URL_WORDS = `http https www`;

/** Top-level domains people write. */
export const TOP_LEVEL_DOMAINS = `fr com net org eu be ch lu ca io info biz gouv me re gp mq gf yt
nc pf pm tf wf ma dz tn sn ci ml cm de es it pt uk co us ru app dev xyz`;

export const MONTHS = `janvier fevrier mars avril mai juin juillet aout septembre octobre
novembre decembre janv fevr fev avr juil sept oct nov dec`;

/** States of a credential that are not its value (`mot de passe : oublié`). */
export const CREDENTIAL_STATES = `oublie oubliee oublies perdu perdue perdus bloque bloquee
reinitialise reinitialisee change changee modifie modifiee expire expiree incorrect incorrecte
faux fausse errone erronee invalide refuse refusee valide validee introuvable illisible`;
